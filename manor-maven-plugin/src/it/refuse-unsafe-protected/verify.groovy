def log = new File(basedir, 'build.log').text
// the one-line reason, as Maven prints a failed goal
assert log.contains("environment 'prod' is protected")
assert log.contains('20240106110000')
assert log.contains('BUILD FAILURE')
return true

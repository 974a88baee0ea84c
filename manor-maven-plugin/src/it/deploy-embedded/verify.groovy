// Runs after the sample build (maven-invoker-plugin); a failed assertion fails the plugin's own build.
def log = new File(basedir, 'build.log').text
assert log.contains('Using the embedded PostgreSQL')
assert log.contains('Applying 20240102090000_init')
assert log.contains('Applied 9 migrations.')
assert log.contains('Up to date.')
assert log.contains('No drift: the live schema is what the applied migrations produce.')
assert log.contains('BUILD SUCCESS')
def junit = new File(basedir, 'target/manor-rollback.xml')
assert junit.isFile()
assert junit.text.contains('20240115090000_deprecate_old_field')
assert !junit.text.contains('<failure')
assert junit.text.contains('testsuite name="manor test rollback"')
def freshJunit = new File(basedir, 'target/manor-fresh.xml')
assert freshJunit.isFile()
assert freshJunit.text.contains('testsuite name="manor test fresh"')
assert !freshJunit.text.contains('<failure')
// test-fresh: every migration and its verify.sql on a new database
def fresh = log.indexOf(':test-fresh (fresh-proof)')
assert fresh > 0
assert log.substring(fresh) =~ /\d+ passed, 0 failed/
// the embedded server the goals started is stopped again
assert !log.contains('already running')
return true

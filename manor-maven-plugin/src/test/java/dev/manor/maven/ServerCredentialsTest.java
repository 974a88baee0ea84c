package dev.manor.maven;

import dev.manor.config.ConnectionSettings;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A settings.xml server's credentials reach the connection, decrypted as Maven decrypts them (mvn --encrypt-password). */
class ServerCredentialsTest {
    @TempDir
    Path tmp;

    @Test
    void anEncryptedServerPasswordIsDecryptedAndUsedWithTheServersUserName() throws Exception {
        DefaultPlexusCipher cipher = new DefaultPlexusCipher();
        Path security = tmp.resolve("settings-security.xml");
        Files.writeString(security, "<settingsSecurity><master>" + cipher.encryptAndDecorate("master-secret",
                DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION) + "</master></settingsSecurity>");
        Server server = new Server();
        server.setId("ivm-staging");
        server.setUsername("manor");
        server.setPassword(cipher.encryptAndDecorate("s3cret", "master-secret"));
        DeployMojo mojo = mojo(server, security);

        ConnectionSettings connection = mojo.config().connection().orElseThrow();
        assertThat(connection.user()).isEqualTo("manor");
        assertThat(connection.password()).isEqualTo("s3cret");
        assertThat(connection.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/ivm_db");
    }

    @Test
    void anUnknownServerIdFailsWithOneLine() {
        DeployMojo mojo = mojo(new Server(), tmp.resolve("none.xml"));
        mojo.serverId = "nope";
        assertThatThrownBy(mojo::config).isInstanceOf(MojoExecutionException.class)
                .hasMessage("manor.serverId: there is no <server> with id 'nope' in settings.xml");
    }

    private DeployMojo mojo(Server server, Path security) {
        DeployMojo mojo = new DeployMojo();
        mojo.projectDirectory = tmp.toFile();
        mojo.url = "jdbc:postgresql://db.internal:5432/ivm_db";
        mojo.serverId = server.getId();
        Settings settings = new Settings();
        settings.addServer(server);
        mojo.settings = settings;
        mojo.decrypter = new DefaultSettingsDecrypter(new DefaultSecDispatcher(new DefaultPlexusCipher(), Map.of(),
                security.toString()));
        return mojo;
    }
}

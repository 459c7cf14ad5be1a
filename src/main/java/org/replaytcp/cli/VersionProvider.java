package org.replaytcp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The project version, written into {@code replay-tcp/version.properties} by the build (resource filtering). */
final class VersionProvider implements CommandLine.IVersionProvider {

    static final String RESOURCE = "/replay-tcp/version.properties";

    @Override
    public String[] getVersion() throws IOException {
        return new String[] {"replay-tcp " + version()};
    }

    static String version() throws IOException {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing: the build writes it");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        }
    }
}

package org.replaytcp.cli;

import picocli.CommandLine;

/** The version from the jar manifest, or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = ReplayTcpCli.class.getPackage().getImplementationVersion();
        return new String[] {"replay-tcp " + (version == null ? "development" : version)};
    }
}

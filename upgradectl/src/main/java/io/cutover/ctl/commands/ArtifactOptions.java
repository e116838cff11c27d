package io.cutover.ctl.commands;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.cutover.proto.vega.ReleaseArtifact;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** A release's binaries on the command line, given by checksum (--artifact) or as local files (--artifact-file with --platform). */
final class ArtifactOptions {

    @Option(names = "--artifact", paramLabel = "OS/ARCH=SHA256[,URL]", converter = Artifacts.Converter.class,
            description = "A binary of the release: its platform, SHA-256 and optional http(s) download URL. Repeatable.")
    List<ReleaseArtifact> artifacts = new ArrayList<>();

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<FileArtifact> fileArtifacts = new ArrayList<>();

    /** A local file whose SHA-256 upgradectl computes, for one platform. */
    static class FileArtifact {
        @Option(names = "--artifact-file", required = true, paramLabel = "PATH[,URL]",
                description = "A local binary of the release; upgradectl computes its SHA-256. Needs --platform. Repeatable.")
        String file;

        @Option(names = "--platform", required = true, paramLabel = "OS/ARCH",
                description = "The platform of the preceding --artifact-file, e.g. linux/amd64.")
        String platform;
    }

    /** Every artifact given, files hashed; a malformed one or a platform given twice is a {@link TypeConversionException}. */
    List<ReleaseArtifact> collect() {
        List<ReleaseArtifact> all = new ArrayList<>(artifacts);
        for (FileArtifact f : fileArtifacts) {
            all.add(Artifacts.fromFile(f.file, f.platform));
        }
        Set<String> platforms = new HashSet<>();
        for (ReleaseArtifact a : all) {
            if (!platforms.add(a.getPlatform())) {
                throw new TypeConversionException("platform " + a.getPlatform() + " is given twice");
            }
        }
        return all;
    }
}

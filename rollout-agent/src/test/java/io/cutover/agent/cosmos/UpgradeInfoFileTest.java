package io.cutover.agent.cosmos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpgradeInfoFileTest {

    @Test
    void readsTheFileXUpgradeWrites() {
        UpgradeInfoFile.Content c = UpgradeInfoFile.parse(
                "{\"name\":\"v2\",\"time\":\"0001-01-01T00:00:00Z\",\"height\":1774000,\"info\":\"{\\\"binaries\\\":{}}\"}");
        assertThat(c).isEqualTo(new UpgradeInfoFile.Present(new UpgradePlan("v2", 1774000, "{\"binaries\":{}}")));
    }

    @Test
    void acceptsAStringHeightAsJsonpbWritesIt() {
        assertThat(UpgradeInfoFile.parse("{\"name\":\"v2\",\"height\":\"120\"}"))
                .isEqualTo(new UpgradeInfoFile.Present(new UpgradePlan("v2", 120, "")));
    }

    @Test
    void anEmptyFileIsNotYetAndAPartialOneIsMalformed() {
        assertThat(UpgradeInfoFile.parse("")).isInstanceOf(UpgradeInfoFile.Empty.class);
        assertThat(UpgradeInfoFile.parse("  \n")).isInstanceOf(UpgradeInfoFile.Empty.class);
        assertThat(UpgradeInfoFile.parse("{\"name\":\"v2\",\"hei")).isInstanceOf(UpgradeInfoFile.Malformed.class);
    }

    @Test
    void refusesWhatIsNotAValidPlan() {
        assertThat(reason("[1,2]")).contains("not a JSON object");
        assertThat(reason("{\"height\":5}")).contains("name");
        assertThat(reason("{\"name\":\"v2\"}")).contains("height");
        assertThat(reason("{\"name\":\"v2\",\"height\":0}")).contains("greater than 0");
        assertThat(reason("{\"name\":\"v2\",\"height\":-3}")).contains("greater than 0");
        assertThat(reason("{\"name\":\"\",\"height\":3}")).contains("name cannot be empty");
        assertThat(reason("{\"name\":\"..\",\"height\":3}")).contains("folder name");
        assertThat(reason("{\"name\":\"v2\",\"height\":3.5}")).contains("height");
        assertThat(reason("{\"name\":\"v2\",\"height\":3,\"info\":{}}")).contains("info");
    }

    @Test
    void aMissingFileIsAbsent(@TempDir Path dir) {
        assertThat(UpgradeInfoFile.read(dir.resolve("upgrade-info.json"))).isInstanceOf(UpgradeInfoFile.Absent.class);
    }

    @Test
    void writesTheSameShape() {
        assertThat(new UpgradePlan("v2", 100, "").toJson()).isEqualTo("{\"name\":\"v2\",\"time\":\"0001-01-01T00:00:00Z\",\"height\":100}");
        assertThat(UpgradeInfoFile.parse(new UpgradePlan("v2", 100, "x").toJson()))
                .isEqualTo(new UpgradeInfoFile.Present(new UpgradePlan("v2", 100, "x")));
    }

    private static String reason(String json) {
        UpgradeInfoFile.Content c = UpgradeInfoFile.parse(json);
        assertThat(c).isInstanceOf(UpgradeInfoFile.Malformed.class);
        return ((UpgradeInfoFile.Malformed) c).reason();
    }
}

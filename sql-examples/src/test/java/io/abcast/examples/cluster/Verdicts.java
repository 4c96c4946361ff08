package io.abcast.examples.cluster;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on a verdict, naming what failed. */
public final class Verdicts {

    private Verdicts() {
    }

    /** Every check holds. */
    public static void assertAllHold(Checks.Verdict verdict) {
        assertThat(verdict.checks()).as("checks").isNotEmpty().allSatisfy(c -> assertThat(c.ok())
                .as(c.name() + ": " + c.detail()).isTrue());
    }

    /** The names of the checks that failed. */
    public static List<String> failed(Checks.Verdict verdict) {
        assertThat(verdict.ok()).isEqualTo(verdict.checks().stream().allMatch(Checks.Check::ok));
        return verdict.checks().stream().filter(c -> !c.ok()).map(Checks.Check::name).toList();
    }
}

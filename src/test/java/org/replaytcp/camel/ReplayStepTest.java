package org.replaytcp.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The route steps' names are checked when the route files are loaded, not at the first segment. */
class ReplayStepTest {

    @Test
    void refusesAStepTheSessionDoesNotHave() {
        ReplayStep step = new ReplayStep();
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> step.setStep("paced"));
        assertEquals("replay step must be pace, afterSend, push, rewrite or faults, not paced", wrong.getMessage());
        step.setStep("afterSend");
        step.setStep("after-send");
        step.setStep("PUSH");
        step.setStep("faults");
    }
}

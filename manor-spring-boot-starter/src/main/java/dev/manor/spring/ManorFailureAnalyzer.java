package dev.manor.spring;

import dev.manor.ManorException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A refused or failed start-up deploy is reported as Manor's one-line reason instead of a stack trace. */
class ManorFailureAnalyzer extends AbstractFailureAnalyzer<ManorException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ManorException cause) {
        return new FailureAnalysis("Manor did not deploy: " + cause.getMessage(),
                "Fix the migration or the configuration named above, or run 'manor deploy' / 'manor analyze' for"
                        + " details. Set manor.enabled=false to start without deploying.", cause);
    }
}

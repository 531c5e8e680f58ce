package io.parley.app.demo;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.parley.adapters.acs.AcsOutboundFactory;

/** True when no ACS connection string is configured (unset or blank). */
public class DemoModeCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context) {
        return context.getProperty(AcsOutboundFactory.CONNECTION_STRING, String.class)
                .map(String::isBlank)
                .orElse(true);
    }
}

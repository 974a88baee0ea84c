package dev.manor.spring;

import dev.manor.Manor;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code manor} actuator endpoint, when Actuator is present and the endpoint is exposed. */
@AutoConfiguration(after = ManorAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(Manor.class)
@ConditionalOnAvailableEndpoint(endpoint = ManorEndpoint.class)
public class ManorEndpointAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    public ManorEndpoint manorEndpoint(Manor manor, BackgroundDeploy background) {
        return new ManorEndpoint(manor, background);
    }
}

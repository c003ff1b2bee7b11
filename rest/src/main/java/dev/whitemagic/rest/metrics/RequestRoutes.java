package dev.whitemagic.rest.metrics;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Configuration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The route template of a request, as metrics and metering name it: the matched method's template; for a request
 * that matched no method but whose path is one of ours (405, or refused before matching: 413, 429), the template
 * its path fits ({@link RouteTable}); else {@link RouteTemplates#UNMATCHED}. Worked out once per request and kept
 * as a request property, so the filters that need it share one answer.
 */
final class RequestRoutes {

    private static final String ROUTE = RequestRoutes.class.getName() + ".route";
    private static final RouteTemplates TEMPLATES = new RouteTemplates();

    private volatile RouteTable table;

    String of(ContainerRequestContext request, ResourceInfo resourceInfo, Configuration configuration) {
        if (request.getProperty(ROUTE) instanceof String known) {
            return known;
        }
        String route = TEMPLATES.of(resourceInfo.getResourceClass(), resourceInfo.getResourceMethod());
        if (RouteTemplates.UNMATCHED.equals(route)) {
            route = table(configuration).match(request.getUriInfo().getPath());
        }
        request.setProperty(ROUTE, route);
        return route;
    }

    private RouteTable table(Configuration configuration) {
        RouteTable known = table;
        if (known == null) {
            Set<Class<?>> classes = new LinkedHashSet<>(configuration.getClasses());
            classes.addAll(resourceBeans());
            known = RouteTable.of(classes);
            table = known;
        }
        return known;
    }

    /**
     * The resource classes among the application's CDI beans: Jersey lists the scanned resources among the
     * configuration's classes, RESTEasy (WildFly) does not, and every resource here is a CDI bean.
     */
    private static Set<Class<?>> resourceBeans() {
        Set<Class<?>> resources = new LinkedHashSet<>();
        Set<Bean<?>> beans;
        try {
            beans = CDI.current().getBeanManager().getBeans(Object.class, Any.Literal.INSTANCE);
        } catch (IllegalStateException noContainer) {
            return resources; // outside a container (unit tests): the configuration's classes are all there is
        }
        for (Bean<?> bean : beans) {
            if (bean.getBeanClass().isAnnotationPresent(Path.class)) {
                resources.add(bean.getBeanClass());
            }
        }
        return resources;
    }
}

package org.replaytcp.camel;

import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.PropertyBindingException;

/**
 * Says in one line what a route file's misspelt bean setting is: Camel refuses to start on it (good) with a stack
 * trace three causes deep. This finds the setting, the bean and the file in that chain and offers the closest
 * setting the bean has ({@code topSped} → {@code topSpeed}).
 */
final class RouteSettingTypo {

    private static final Pattern RESOURCE = Pattern.compile("resource: (\\S+)");
    private static final Pattern BEAN = Pattern.compile("Error creating bean: (\\S+)");

    private RouteSettingTypo() {}

    /** One line naming the file, the bean and the setting, or null when {@code failure} is something else. */
    static String explain(Throwable failure) {
        return explain(failure, bean -> null);
    }

    /**
     * As {@link #explain(Throwable)}; {@code fileOfBean} names the route file that declares a bean when the failure
     * does not (Camel Main's does not).
     */
    static String explain(Throwable failure, java.util.function.UnaryOperator<String> fileOfBean) {
        PropertyBindingException binding = null;
        String resource = null;
        String bean = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            Matcher r = RESOURCE.matcher(message);
            if (resource == null && r.find()) {
                resource = r.group(1);
            }
            Matcher b = BEAN.matcher(message);
            if (bean == null && b.find()) {
                bean = b.group(1);
            }
            if (cause instanceof PropertyBindingException found) {
                binding = found;
            }
        }
        if (binding == null || binding.getTarget() == null || binding.getPropertyName() == null) {
            return null;
        }
        if (resource == null && bean != null) {
            resource = fileOfBean.apply(bean);
        }
        String setting = binding.getPropertyName();
        List<String> settings = settings(binding.getTarget().getClass());
        if (settings.stream().anyMatch(s -> normal(s).equals(normal(setting)))) {
            return null; // the setting exists: its value was wrong, and Camel's own words say which
        }
        return (resource == null ? "" : resource.replaceFirst("^file:", "") + ": ")
                + (bean == null ? "a bean" : "bean " + bean) + " has no setting '" + setting + "'"
                + suggestion(setting, settings) + "; its settings: " + String.join(", ", settings);
    }

    /** The bean's writable properties, as a route file names them. */
    private static List<String> settings(Class<?> type) {
        List<String> settings = new ArrayList<>();
        try {
            for (PropertyDescriptor property :
                    Introspector.getBeanInfo(type, Object.class).getPropertyDescriptors()) {
                if (property.getWriteMethod() != null) {
                    settings.add(property.getName());
                }
            }
        } catch (IntrospectionException e) {
            // no list to offer: the line still names the setting
        }
        return settings;
    }

    /** Camel binds settings ignoring case and dashes. */
    private static String normal(String name) {
        return name.replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** " (did you mean topSpeed?)" for the closest setting within two edits, else "". */
    private static String suggestion(String name, List<String> settings) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : settings) {
            int distance = distance(normal(name), normal(candidate));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

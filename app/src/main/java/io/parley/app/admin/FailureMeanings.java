package io.parley.app.admin;

import java.util.Map;

/**
 * What the codes of failed messages mean, in a business user's words: WhatsApp's error codes (as ACS passes them on),
 * the HTTP statuses of ACS, and Parley's own reasons. A code not listed here is shown as it is.
 */
final class FailureMeanings {

    private static final Map<String, String> MEANINGS = Map.ofEntries(
            Map.entry("131026", "Could not be delivered: the number is not on WhatsApp, blocked the business, or"
                    + " has an old WhatsApp"),
            Map.entry("131047", "More than 24 hours since the customer last wrote: only a template may go"),
            Map.entry("470", "More than 24 hours since the customer last wrote: only a template may go"),
            Map.entry("131049", "WhatsApp chose not to deliver it, to limit marketing messages to this customer"),
            Map.entry("131050", "The customer stopped marketing messages from this business"),
            Map.entry("131056", "Too many messages to this customer in a short time"),
            Map.entry("130429", "Too many messages from this number at once (WhatsApp's throughput limit)"),
            Map.entry("131048", "WhatsApp's spam limit: too many messages from this number were blocked or reported"),
            Map.entry("130472", "WhatsApp held it back for one of its experiments"),
            Map.entry("131000", "WhatsApp failed to send it, without saying why"),
            Map.entry("131005", "WhatsApp refused: this number lacks a permission"),
            Map.entry("131008", "A required part of the message was missing"),
            Map.entry("131009", "A value in the message is not valid"),
            Map.entry("131016", "WhatsApp was unavailable"),
            Map.entry("131021", "The customer's number is the business's own"),
            Map.entry("131031", "The business account is locked"),
            Map.entry("131042", "A payment problem with the business account"),
            Map.entry("131045", "The phone number's certificate is not valid"),
            Map.entry("131051", "WhatsApp does not support this kind of message"),
            Map.entry("131052", "The customer's media could not be downloaded"),
            Map.entry("131053", "The media could not be uploaded"),
            Map.entry("131057", "The business account is in maintenance"),
            Map.entry("132000", "The template got a different number of values than it has"),
            Map.entry("132001", "The template does not exist in this language"),
            Map.entry("132005", "The template's text is too long once filled in"),
            Map.entry("132007", "The template breaks WhatsApp's format rules"),
            Map.entry("132012", "A template value has the wrong format"),
            Map.entry("132015", "The template is paused for low quality"),
            Map.entry("132016", "The template is disabled"),
            Map.entry("133010", "The business phone number is not registered"),
            Map.entry("368", "The business account is blocked for breaking WhatsApp's policies"),
            Map.entry("OUTSIDE_CUSTOMER_SERVICE_WINDOW", "More than 24 hours since the customer last wrote, and"
                    + " this channel has no template to send instead"),
            Map.entry("OPTED_OUT", "The customer opted out of messages"),
            Map.entry("OUTCOME_UNKNOWN", "Not sent again: an earlier attempt may have reached WhatsApp"),
            Map.entry("CONNECTION", "Azure could not be reached"),
            Map.entry("NO_RECEIPT", "Azure took it but gave no receipt"),
            Map.entry("NO_ANSWER", "Azure did not answer"),
            Map.entry("SENDER_ERROR", "Parley failed to hand it over (its log says why)"),
            Map.entry("unknown", "The channel gave no reason"),
            Map.entry("400", "Azure refused the message as not valid"),
            Map.entry("401", "Azure refused Parley's credentials"),
            Map.entry("403", "Azure refused Parley's credentials"),
            Map.entry("404", "Azure does not know this channel"),
            Map.entry("429", "Azure asked Parley to slow down"));

    private FailureMeanings() {
    }

    /** The meaning of {@code code}, or null when it is not known. */
    static String of(String code) {
        if (code == null) {
            return null;
        }
        String known = MEANINGS.get(code.strip());
        if (known == null && code.strip().matches("5\\d\\d")) {
            return "Azure failed to answer";
        }
        return known;
    }
}

package io.parley.app.admin;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.Message;
import io.parley.domain.model.OutboundMessage;
import java.util.List;
import java.util.Map;

/**
 * A conversation as CSV for a spreadsheet (RFC 4180: a header line, then one line per message, oldest first). A
 * value that a spreadsheet would take for a formula (it begins with =, +, -, @, a tab or a carriage return) gets a
 * leading apostrophe, so that a customer's text can never run as one.
 */
final class ConversationCsv {

    static final String HEADER = "time,from,text,status,how it was answered,rule,error";

    private ConversationCsv() {
    }

    /** @param ruleNames the names of the rules, by id (a rule not in it is named by its id) */
    static String of(Conversation conversation, List<Message> messages, Map<Long, String> ruleNames) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (Message m : messages) {
            if (m instanceof InboundMessage in) {
                line(csv, in.createdAt().toString(), "customer " + conversation.customerId(), in.text(), "",
                        in.answer() == null ? "" : words(in.answer().name()), "", "");
            } else {
                OutboundMessage out = (OutboundMessage) m;
                String from = out.sentBy() != null ? "agent " + out.sentBy() : "bot";
                String rule = out.ruleId() != null ? ruleNames.getOrDefault(out.ruleId(), "rule " + out.ruleId())
                        : out.sentBy() != null ? "" : words(out.origin().name());
                line(csv, out.createdAt().toString(), from, out.text(), words(out.status().name()), "", rule,
                        out.errorCode() == null ? "" : out.errorCode() + (out.errorMessage() == null ? ""
                                : " " + out.errorMessage()));
            }
        }
        return csv.toString();
    }

    private static String words(String constant) {
        return constant.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    private static void line(StringBuilder csv, String... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(values[i]));
        }
        csv.append("\r\n");
    }

    static String field(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}

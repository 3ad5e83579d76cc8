package io.ordercast.routes;

/** A Camel failure as one line: Camel's words without the dump of the whole route, then the root cause. */
final class RefusalReason {

    private RefusalReason() {
    }

    static String of(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(failure.getMessage());
        int dump = message.indexOf(" at: ");
        message = dump < 0 ? message : message.substring(0, dump);
        String line = root == failure || message.contains(String.valueOf(root.getMessage())) ? message
                : message + ": " + root.getMessage();
        return line.replaceAll("\\s*\\R\\s*", " ");
    }
}

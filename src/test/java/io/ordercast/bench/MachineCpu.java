package io.ordercast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time used on this machine so far, from /proc: by PostgreSQL's processes, by RabbitMQ's Erlang VM, and by
 * everything (busy time of all cores). The service shares the two cores with both, so its own CPU per event is
 * only part of what an event costs.
 */
record MachineCpu(double postgresSeconds, double rabbitmqSeconds, double busySeconds) {

    private static final double TICKS_PER_SECOND = 100.0;

    static MachineCpu now() throws IOException {
        double postgres = 0;
        double rabbitmq = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.equals("postgres") || name.equals("beam.smp")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                        if (name.equals("postgres")) {
                            postgres += seconds;
                        } else {
                            rabbitmq += seconds;
                        }
                    }
                } catch (IOException | RuntimeException ended) {
                    // the process ended while we looked
                }
            }
        }
        return new MachineCpu(postgres, rabbitmq, busy());
    }

    /** All cores' time not idle and not waiting for I/O, in seconds. */
    private static double busy() throws IOException {
        List<String> cpu = List.of(Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+"));
        double busy = 0;
        for (int i = 1; i < cpu.size() && i <= 8; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(cpu.get(i));
            }
        }
        return busy / TICKS_PER_SECOND;
    }

    MachineCpu since(MachineCpu before) {
        return new MachineCpu(postgresSeconds - before.postgresSeconds, rabbitmqSeconds - before.rabbitmqSeconds,
                busySeconds - before.busySeconds);
    }
}

package io.parley.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the machine is and how busy it was, read from /proc (Linux). */
final class Machine {

    private Machine() {
    }

    /**
     * CPU time, in clock ticks, at one moment: of one process (the server), of this process (the generator and the
     * ACS stand-in), of all PostgreSQL processes, and of the whole machine.
     */
    record Usage(long processTicks, long selfTicks, long postgresTicks, long busyTicks, long totalTicks,
                 long nanos) {

        Delta until(Usage later) {
            return new Delta(later.processTicks - processTicks, later.selfTicks - selfTicks,
                    later.postgresTicks - postgresTicks, later.busyTicks - busyTicks, later.totalTicks - totalTicks,
                    later.nanos - nanos);
        }
    }

    /**
     * Percentages of one core (200 % = both cores of this machine) for the processes; machinePercent: all cores
     * busy = 100 %.
     */
    record Delta(long processTicks, long selfTicks, long postgresTicks, long busyTicks, long totalTicks,
                 long nanos) {

        double processPercent() {
            return percentOfCore(processTicks);
        }

        double selfPercent() {
            return percentOfCore(selfTicks);
        }

        double postgresPercent() {
            return percentOfCore(postgresTicks);
        }

        private double percentOfCore(long ticks) {
            return nanos <= 0 ? 0 : 100.0 * ticks / TICKS_PER_SECOND / (nanos / 1e9);
        }

        double machinePercent() {
            return totalTicks <= 0 ? 0 : 100.0 * busyTicks / totalTicks;
        }
    }

    /** USER_HZ, 100 on every Linux this runs on. */
    static final int TICKS_PER_SECOND = 100;

    static Usage usage(long pid) {
        long process = ticks(pid);
        long self = ticks(ProcessHandle.current().pid());
        long postgres = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path dir : processes.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList()) {
                try {
                    if (Files.readString(dir.resolve("comm")).strip().startsWith("postgres")) {
                        postgres += ticks(Long.parseLong(dir.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        long busy = 0;
        long total = 0;
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] ticks = cpu.substring(3).strip().split("\\s+");
            for (int i = 0; i < ticks.length; i++) {
                long value = Long.parseLong(ticks[i]);
                total += value;
                if (i != 3 && i != 4) { // idle, iowait
                    busy += value;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone: no figures
        }
        return new Usage(process, self, postgres, busy, total, System.nanoTime());
    }

    /** utime + stime of a process; 0 when it is gone. (Ended PostgreSQL backends take their time with them.) */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Cores, CPU model and Java version, for the report. */
    static String describe() {
        String model = "unknown CPU";
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            model = lines.stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(model);
        } catch (IOException e) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + model + "), Java "
                + System.getProperty("java.version");
    }
}

package de.deutschlandstack.lake;

import org.apache.spark.sql.SparkSession;

/** One local Spark session for all tests of this JVM: starting one takes seconds, the tests' tables take a directory each. */
final class TestSpark {

    private static SparkSession session;

    private TestSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = LakeSpark.session("local[2]");
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }
}

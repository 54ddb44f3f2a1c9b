package de.deutschlandstack.lake;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;

/**
 * One entry of the platform's change log as the lake receives it: which object of which tenant changed how, at which
 * position of the log, and its state after the change as JSON (null for a deletion). The sequence number orders every
 * change of the platform: the higher one is the newer state of an object.
 */
public record ChangeEvent(long seq, String tenant, String entitySet, String key, String operation, String state,
                          java.sql.Timestamp changedAt) implements Serializable {

    /** The operations of the change log. */
    public static final String CREATED = "CREATED";
    public static final String UPDATED = "UPDATED";
    public static final String DELETED = "DELETED";

    /** The columns of a bronze table: the event as it came, {@code tenant} first (the partition column). */
    public static final StructType SCHEMA = new StructType(new StructField[]{
            DataTypes.createStructField("tenant", DataTypes.StringType, false),
            DataTypes.createStructField("seq", DataTypes.LongType, false),
            DataTypes.createStructField("entity_key", DataTypes.StringType, false),
            DataTypes.createStructField("operation", DataTypes.StringType, false),
            DataTypes.createStructField("state", DataTypes.StringType, true),
            DataTypes.createStructField("changed_at", DataTypes.TimestampType, false)
    });

    /** The event as a row of {@link #SCHEMA}. */
    public org.apache.spark.sql.Row toRow() {
        return org.apache.spark.sql.RowFactory.create(tenant, seq, key, operation, state, changedAt);
    }
}

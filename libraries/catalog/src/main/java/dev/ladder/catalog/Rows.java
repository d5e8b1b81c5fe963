package dev.ladder.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges a patch into one row: absent row → INSERT (patch plus defaults for the columns it lacks);
 * present row → UPDATE of the columns whose value differs, with the new source and time; nothing
 * differs → untouched (its source and time stay, so {@code updated_at} is when it last changed).
 * A {@code null} in a patch means "keep what is there"; values are String, Integer, Long or Boolean.
 * Portable SQL only (SQLite and PostgreSQL).
 */
final class Rows {
    enum Change { CREATED, UPDATED, UNCHANGED }

    /** Column values to write; {@code null}s are dropped (kept as they are). */
    static final class Patch {
        final LinkedHashMap<String, Object> values = new LinkedHashMap<>();
        final LinkedHashMap<String, Object> defaults = new LinkedHashMap<>();

        Patch set(String column, Object value) {
            if (value != null) {
                values.put(column, value);
            }
            return this;
        }

        /** Written only when the row is created and the patch has no value for the column. */
        Patch orCreateWith(String column, Object value) {
            defaults.put(column, value);
            return this;
        }
    }

    private Rows() {
    }

    static Change upsert(Connection c, String table, String[] keyColumns, Object[] keys, Patch patch,
                         String source, long now) throws SQLException {
        List<String> columns = new ArrayList<>(patch.values.keySet());
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < keyColumns.length; i++) {
            where.append(i == 0 ? " WHERE " : " AND ").append(keyColumns[i]).append(" = ?");
        }
        Object[] existing = null;
        boolean found;
        String select = "SELECT " + (columns.isEmpty() ? keyColumns[0] : String.join(", ", columns)) + " FROM " + table + where;
        try (PreparedStatement ps = c.prepareStatement(select)) {
            bind(ps, 1, keys);
            try (ResultSet rs = ps.executeQuery()) {
                found = rs.next();
                if (found && !columns.isEmpty()) {
                    existing = new Object[columns.size()];
                    for (int i = 0; i < columns.size(); i++) {
                        existing[i] = read(rs, i + 1, patch.values.get(columns.get(i)));
                    }
                }
            }
        }
        if (!found) {
            Map<String, Object> all = new LinkedHashMap<>();
            for (int i = 0; i < keyColumns.length; i++) {
                all.put(keyColumns[i], keys[i]);
            }
            patch.defaults.forEach(all::putIfAbsent);
            all.putAll(patch.values);
            all.put("source", source);
            all.put("updated_at", now);
            String sql = "INSERT INTO " + table + " (" + String.join(", ", all.keySet()) + ") VALUES ("
                    + "?, ".repeat(all.size() - 1) + "?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, 1, all.values().toArray());
                ps.executeUpdate();
            }
            return Change.CREATED;
        }
        List<String> changed = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Object v = patch.values.get(columns.get(i));
            if (!Objects.equals(existing[i], v)) {
                changed.add(columns.get(i) + " = ?");
                values.add(v);
            }
        }
        if (changed.isEmpty()) {
            return Change.UNCHANGED;
        }
        changed.add("source = ?");
        values.add(source);
        changed.add("updated_at = ?");
        values.add(now);
        String sql = "UPDATE " + table + " SET " + String.join(", ", changed) + where;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int next = bind(ps, 1, values.toArray());
            bind(ps, next, keys);
            ps.executeUpdate();
        }
        return Change.UPDATED;
    }

    private static Object read(ResultSet rs, int i, Object like) throws SQLException {
        Object v;
        if (like instanceof Long) {
            v = rs.getLong(i);
        } else if (like instanceof Integer) {
            v = rs.getInt(i);
        } else if (like instanceof Boolean) {
            v = rs.getBoolean(i);
        } else {
            v = rs.getString(i);
        }
        return rs.wasNull() ? null : v;
    }

    static int bind(PreparedStatement ps, int from, Object[] values) throws SQLException {
        int i = from;
        for (Object v : values) {
            switch (v) {
                case String s -> ps.setString(i, s);
                case Long l -> ps.setLong(i, l);
                case Integer n -> ps.setInt(i, n);
                case Boolean b -> ps.setBoolean(i, b);
                case byte[] bytes -> ps.setBytes(i, bytes);
                case null -> throw new IllegalArgumentException("null bound at parameter " + i);
                default -> throw new IllegalArgumentException("unsupported value type " + v.getClass());
            }
            i++;
        }
        return i;
    }
}

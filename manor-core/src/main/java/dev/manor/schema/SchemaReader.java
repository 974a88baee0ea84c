package dev.manor.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link SchemaSnapshot} from pg_catalog (information_schema hides too much). Only SELECTs,
 * so it is safe inside the caller's transaction. The search_path is emptied while reading so every
 * decompiled expression names its objects with their schema, whatever the caller's search_path
 * ({@link PinnedSettings} puts it back).
 */
final class SchemaReader {
    private final Connection connection;
    private final CatalogQuery query;

    SchemaReader(Connection connection, Collection<String> schemas, Collection<String> ignoredTables) {
        this.connection = connection;
        this.query = new CatalogQuery(connection, schemas, ignoredTables);
    }

    SchemaSnapshot read() throws SQLException {
        return PinnedSettings.with(connection, Map.of("search_path", ""), () -> new SchemaSnapshot(
                schemas(), tables(), columns(), constraints(), indexes(), statistics(), sequences(), views(), routines(),
                triggers(), rules(), policies(), enums(), domains(), compositeTypes(), rangeTypes(), extensions(),
                comments()));
    }

    /** SQL condition: the object is not a member of an extension (those belong to the extension, not to us). */
    private static String notExtensionMember(String catalog, String oid) {
        return " NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = 'pg_catalog." + catalog
                + "'::pg_catalog.regclass AND dep.objid = " + oid + " AND dep.deptype = 'e')";
    }

    private List<SchemaDef> schemas() throws SQLException {
        return query.list("SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY(:schemas)",
                rs -> new SchemaDef(rs.getString(1)));
    }

    private List<TableDef> tables() throws SQLException {
        return query.list("""
                SELECT n.nspname, c.relname, c.relkind::text AS kind, c.relpersistence::text AS persistence,
                       c.relreplident::text AS replident,
                       (SELECT ri.relname FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ri ON ri.oid = x.indexrelid
                        WHERE x.indrelid = c.oid AND x.indisreplident) AS replindex,
                       c.relrowsecurity, c.relforcerowsecurity,
                       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partkey,
                       CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS bound,
                       ARRAY(SELECT i.inhparent::pg_catalog.regclass::text FROM pg_catalog.pg_inherits i
                             WHERE i.inhrelid = c.oid ORDER BY i.inhseqno) AS parents,
                       c.reloptions::text[] AS options,
                       ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS cols
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'f') AND n.nspname = ANY(:schemas) AND c.relname <> ALL(:ignored)
                  AND """ + notExtensionMember("pg_class", "c.oid"),
                rs -> new TableDef(rs.getString(1), rs.getString(2),
                        switch (rs.getString("kind")) {
                            case "p" -> "partitioned";
                            case "f" -> "foreign";
                            default -> "regular";
                        },
                        switch (rs.getString("persistence")) {
                            case "u" -> "unlogged";
                            case "t" -> "temporary";
                            default -> "permanent";
                        },
                        switch (rs.getString("replident")) {
                            case "n" -> "nothing";
                            case "f" -> "full";
                            case "i" -> "index " + Names.part(rs.getString("replindex"));
                            default -> "default";
                        },
                        rs.getString("partkey"), rs.getString("bound"), CatalogQuery.strings(rs, "parents"),
                        rs.getBoolean("relrowsecurity"), rs.getBoolean("relforcerowsecurity"),
                        CatalogQuery.strings(rs, "options"),
                        CatalogQuery.strings(rs, "cols").stream().map(Names::part).toList()));
    }

    private List<ColumnDef> columns() throws SQLException {
        return query.list("""
                SELECT n.nspname, c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
                       CASE WHEN a.attgenerated::text = '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END AS def,
                       a.attnotnull, a.attidentity::text AS ident,
                       CASE WHEN a.attgenerated::text <> '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END AS gen,
                       CASE WHEN a.attcollation <> t.typcollation
                            THEN a.attcollation::pg_catalog.regcollation::text END AS coll
                FROM pg_catalog.pg_attribute a
                JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE c.relkind IN ('r', 'p', 'f') AND a.attnum > 0 AND NOT a.attisdropped
                  AND n.nspname = ANY(:schemas) AND c.relname <> ALL(:ignored)
                  AND """ + notExtensionMember("pg_class", "c.oid"),
                rs -> new ColumnDef(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString("type"),
                        rs.getString("def"), rs.getBoolean("attnotnull"),
                        switch (rs.getString("ident")) {
                            case "a" -> "always";
                            case "d" -> "by default";
                            default -> null;
                        },
                        rs.getString("gen"), rs.getString("coll")));
    }

    private List<ConstraintDef> constraints() throws SQLException {
        // Skips NOT NULL rows (PostgreSQL 18 catalogs them; nullability lives on the column) and the
        // per-partition copies a foreign key to a partitioned table adds on the same referencing table.
        return query.list("""
                SELECT n.nspname, c.relname, k.conname, k.contype::text AS type,
                       pg_catalog.pg_get_constraintdef(k.oid) AS def, k.convalidated, k.condeferrable, k.condeferred
                FROM pg_catalog.pg_constraint k
                JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE k.contype <> 'n' AND n.nspname = ANY(:schemas) AND c.relname <> ALL(:ignored)
                  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint pk
                                  WHERE pk.oid = k.conparentid AND pk.conrelid = k.conrelid)
                  AND """ + notExtensionMember("pg_class", "c.oid"),
                rs -> {
                    boolean validated = rs.getBoolean("convalidated");
                    String def = rs.getString("def");
                    if (!validated && def.endsWith(" NOT VALID")) {
                        def = def.substring(0, def.length() - " NOT VALID".length());
                    }
                    return new ConstraintDef(rs.getString(1), rs.getString(2), rs.getString(3),
                            constraintType(rs.getString("type")), def, validated,
                            rs.getBoolean("condeferrable"), rs.getBoolean("condeferred"));
                });
    }

    private static String constraintType(String contype) {
        return switch (contype) {
            case "p" -> "primary key";
            case "u" -> "unique";
            case "c" -> "check";
            case "f" -> "foreign key";
            case "x" -> "exclusion";
            case "t" -> "trigger";
            default -> contype;
        };
    }

    private List<IndexDef> indexes() throws SQLException {
        return query.list("""
                SELECT n.nspname, t.relname AS tbl, ic.relname AS idx, pg_catalog.pg_get_indexdef(i.indexrelid) AS def,
                       i.indisvalid,
                       (SELECT k.conname FROM pg_catalog.pg_constraint k
                        WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')
                        ORDER BY k.conname LIMIT 1) AS con
                FROM pg_catalog.pg_index i
                JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
                JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace
                WHERE n.nspname = ANY(:schemas) AND t.relname <> ALL(:ignored) AND ic.relname <> ALL(:ignored)
                  AND """ + notExtensionMember("pg_class", "t.oid"),
                rs -> new IndexDef(rs.getString(1), rs.getString("tbl"), rs.getString("idx"), rs.getString("def"),
                        rs.getBoolean("indisvalid"), rs.getString("con")));
    }

    private List<StatisticsDef> statistics() throws SQLException {
        return query.list("""
                SELECT n.nspname, s.stxname, tn.nspname AS table_schema, t.relname AS tbl,
                       pg_catalog.pg_get_statisticsobjdef(s.oid) AS def
                FROM pg_catalog.pg_statistic_ext s
                JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace
                JOIN pg_catalog.pg_class t ON t.oid = s.stxrelid
                JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
                WHERE n.nspname = ANY(:schemas) AND t.relname <> ALL(:ignored)""",
                rs -> new StatisticsDef(rs.getString(1), rs.getString(2),
                        Names.qualified(rs.getString("table_schema"), Names.part(rs.getString("tbl"))),
                        rs.getString("def")));
    }

    private List<SequenceDef> sequences() throws SQLException {
        return query.list("""
                SELECT n.nspname, c.relname, pg_catalog.format_type(s.seqtypid, NULL) AS type,
                       s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
                       own.nspname AS own_schema, own.relname AS own_table, own.attname AS own_column
                FROM pg_catalog.pg_sequence s
                JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN LATERAL (
                    SELECT tn.nspname, t.relname, a.attname
                    FROM pg_catalog.pg_depend d
                    JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
                    JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
                    JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
                    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                      AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i')
                    ORDER BY 1, 2, 3 LIMIT 1) own ON true
                WHERE n.nspname = ANY(:schemas) AND c.relname <> ALL(:ignored)
                  AND (own.relname IS NULL OR own.relname <> ALL(:ignored))
                  AND """ + notExtensionMember("pg_class", "c.oid"),
                rs -> {
                    String ownSchema = rs.getString("own_schema");
                    String ownedBy = ownSchema == null ? null
                            : Names.qualified(ownSchema, Names.path(rs.getString("own_table"), rs.getString("own_column")));
                    return new SequenceDef(rs.getString(1), rs.getString(2), rs.getString("type"),
                            rs.getLong("seqstart"), rs.getLong("seqincrement"), rs.getLong("seqmin"),
                            rs.getLong("seqmax"), rs.getLong("seqcache"), rs.getBoolean("seqcycle"), ownedBy);
                });
    }

    private List<ViewDef> views() throws SQLException {
        return query.list("""
                SELECT n.nspname, c.relname, c.relkind = 'm' AS materialized,
                       pg_catalog.pg_get_viewdef(c.oid) AS def, c.reloptions::text[] AS options
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY(:schemas) AND c.relname <> ALL(:ignored)
                  AND """ + notExtensionMember("pg_class", "c.oid"),
                rs -> new ViewDef(rs.getString(1), rs.getString(2), rs.getBoolean("materialized"),
                        rs.getString("def"), CatalogQuery.strings(rs, "options")));
    }

    private List<RoutineDef> routines() throws SQLException {
        // Skips functions internal to another object (range and multirange constructors).
        // Identified by argument types as PostgreSQL does (parameter names are part of the definition).
        // Aggregates and window functions have no pg_get_functiondef; they are not covered yet.
        return query.list("""
                SELECT n.nspname, p.proname, pg_catalog.oidvectortypes(p.proargtypes) AS args,
                       p.prokind = 'p' AS is_procedure, pg_catalog.pg_get_functiondef(p.oid) AS def
                FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                WHERE p.prokind IN ('f', 'p') AND n.nspname = ANY(:schemas)
                  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend own
                                  WHERE own.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                                    AND own.objid = p.oid AND own.deptype = 'i')
                  AND """ + notExtensionMember("pg_proc", "p.oid"),
                rs -> new RoutineDef(rs.getString(1), rs.getString(2), rs.getString("args"),
                        rs.getBoolean("is_procedure"), rs.getString("def")));
    }

    private List<TriggerDef> triggers() throws SQLException {
        // A trigger cloned onto a partition is "internal" before PostgreSQL 15 and not after; count it
        // either way, but never the internal triggers that implement foreign keys.
        return query.list("""
                SELECT n.nspname, c.relname, tg.tgname, pg_catalog.pg_get_triggerdef(tg.oid) AS def,
                       tg.tgenabled::text AS enabled
                FROM pg_catalog.pg_trigger tg
                JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE (NOT tg.tgisinternal
                       OR (tg.tgparentid <> 0 AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k
                                                            WHERE k.oid = tg.tgconstraint AND k.contype = 'f')))
                  AND n.nspname = ANY(:schemas) AND c.relname <> ALL(:ignored)
                  AND """ + notExtensionMember("pg_class", "c.oid"),
                rs -> new TriggerDef(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString("def"),
                        firing(rs.getString("enabled"))));
    }

    private List<RuleDef> rules() throws SQLException {
        return query.list("""
                SELECT n.nspname, c.relname, r.rulename, pg_catalog.pg_get_ruledef(r.oid) AS def,
                       r.ev_enabled::text AS enabled
                FROM pg_catalog.pg_rewrite r
                JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE r.rulename <> '_RETURN' AND n.nspname = ANY(:schemas) AND c.relname <> ALL(:ignored)
                  AND""" + notExtensionMember("pg_class", "c.oid"),
                rs -> new RuleDef(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString("def"),
                        firing(rs.getString("enabled"))));
    }

    /** Trigger and rule enabled states (pg_trigger.tgenabled, pg_rewrite.ev_enabled). */
    private static String firing(String code) {
        return switch (code) {
            case "D" -> "disabled";
            case "R" -> "enabled on replica only";
            case "A" -> "enabled always";
            default -> "enabled";
        };
    }

    private List<PolicyDef> policies() throws SQLException {
        return query.list("""
                SELECT n.nspname, c.relname, pol.polname,
                       CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                                       WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS cmd,
                       pol.polpermissive,
                       ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r)::text END
                             FROM pg_catalog.unnest(pol.polroles) AS r) AS roles,
                       pg_catalog.pg_get_expr(pol.polqual, pol.polrelid) AS qual,
                       pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid) AS withcheck
                FROM pg_catalog.pg_policy pol
                JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ANY(:schemas) AND c.relname <> ALL(:ignored)""",
                rs -> new PolicyDef(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString("cmd"),
                        rs.getBoolean("polpermissive"), CatalogQuery.strings(rs, "roles"), rs.getString("qual"),
                        rs.getString("withcheck")));
    }

    private List<EnumDef> enums() throws SQLException {
        return query.list("""
                SELECT n.nspname, t.typname,
                       ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e
                             WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
                FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
                WHERE t.typtype = 'e' AND n.nspname = ANY(:schemas)
                  AND """ + notExtensionMember("pg_type", "t.oid"),
                rs -> new EnumDef(rs.getString(1), rs.getString(2), CatalogQuery.strings(rs, "labels")));
    }

    private List<DomainDef> domains() throws SQLException {
        // NOT NULL is read from typnotnull only: PostgreSQL 17 also catalogs it as a constraint.
        return query.list("""
                SELECT n.nspname, t.typname, pg_catalog.format_type(t.typbasetype, t.typtypmod) AS base,
                       pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS def, t.typnotnull,
                       CASE WHEN t.typcollation <> bt.typcollation
                            THEN t.typcollation::pg_catalog.regcollation::text END AS coll,
                       ARRAY(SELECT pg_catalog.quote_ident(k.conname) || ' ' || pg_catalog.pg_get_constraintdef(k.oid)
                             FROM pg_catalog.pg_constraint k WHERE k.contypid = t.oid AND k.contype <> 'n') AS cons
                FROM pg_catalog.pg_type t
                JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
                JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
                WHERE t.typtype = 'd' AND n.nspname = ANY(:schemas)
                  AND """ + notExtensionMember("pg_type", "t.oid"),
                rs -> new DomainDef(rs.getString(1), rs.getString(2), rs.getString("base"), rs.getString("def"),
                        rs.getBoolean("typnotnull"), rs.getString("coll"), CatalogQuery.strings(rs, "cons")));
    }

    private List<CompositeTypeDef> compositeTypes() throws SQLException {
        return query.list("""
                SELECT n.nspname, t.typname,
                       ARRAY(SELECT pg_catalog.quote_ident(a.attname) || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
                                    || CASE WHEN a.attcollation <> at.typcollation
                                            THEN ' COLLATE ' || a.attcollation::pg_catalog.regcollation::text ELSE '' END
                             FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
                             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
                             ORDER BY a.attnum) AS fields
                FROM pg_catalog.pg_type t
                JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
                JOIN pg_catalog.pg_class c ON c.oid = t.typrelid
                WHERE t.typtype = 'c' AND c.relkind = 'c' AND n.nspname = ANY(:schemas)
                  AND """ + notExtensionMember("pg_type", "t.oid"),
                rs -> new CompositeTypeDef(rs.getString(1), rs.getString(2), CatalogQuery.strings(rs, "fields")));
    }

    private List<RangeTypeDef> rangeTypes() throws SQLException {
        return query.list("""
                SELECT n.nspname, t.typname, pg_catalog.format_type(r.rngsubtype, NULL) AS subtype,
                       pg_catalog.quote_ident(ocn.nspname) || '.' || pg_catalog.quote_ident(oc.opcname) AS opclass,
                       CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation
                            THEN r.rngcollation::pg_catalog.regcollation::text END AS coll,
                       CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::pg_catalog.regproc::text END AS canonical,
                       CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::pg_catalog.regproc::text END AS subdiff
                FROM pg_catalog.pg_range r
                JOIN pg_catalog.pg_type t ON t.oid = r.rngtypid
                JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
                JOIN pg_catalog.pg_type st ON st.oid = r.rngsubtype
                JOIN pg_catalog.pg_opclass oc ON oc.oid = r.rngsubopc
                JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace
                WHERE n.nspname = ANY(:schemas) AND""" + notExtensionMember("pg_type", "t.oid"),
                rs -> new RangeTypeDef(rs.getString(1), rs.getString(2), rs.getString("subtype"),
                        rs.getString("opclass"), rs.getString("coll"), rs.getString("canonical"),
                        rs.getString("subdiff")));
    }

    private List<ExtensionDef> extensions() throws SQLException {
        return query.list("""
                SELECT e.extname, n.nspname, e.extversion
                FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
                WHERE e.extname <> 'plpgsql'""",
                rs -> new ExtensionDef(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    private List<CommentDef> comments() throws SQLException {
        return query.list("""
                SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'
                                      WHEN 'i' THEN 'index' WHEN 'I' THEN 'index' ELSE 'table' END AS kind,
                       n.nspname AS schema, c.relname AS name, NULL::text AS sub, d.description
                FROM pg_catalog.pg_description d
                JOIN pg_catalog.pg_class c ON d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                          AND d.objoid = c.oid AND d.objsubid = 0
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S', 'i', 'I')
                  AND n.nspname = ANY(:schemas) AND c.relname <> ALL(:ignored)
                  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class xt ON xt.oid = x.indrelid
                                  WHERE x.indexrelid = c.oid AND xt.relname = ANY(:ignored))
                  AND %1$s
                UNION ALL
                SELECT 'column', n.nspname, c.relname, a.attname::text, d.description
                FROM pg_catalog.pg_description d
                JOIN pg_catalog.pg_class c ON d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                          AND d.objoid = c.oid AND d.objsubid > 0
                JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'c')
                  AND n.nspname = ANY(:schemas) AND c.relname <> ALL(:ignored) AND %1$s
                UNION ALL
                SELECT 'constraint', n.nspname, c.relname, k.conname::text, d.description
                FROM pg_catalog.pg_description d
                JOIN pg_catalog.pg_constraint k ON d.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
                                               AND d.objoid = k.oid
                JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ANY(:schemas) AND c.relname <> ALL(:ignored) AND %1$s
                UNION ALL
                SELECT 'domain constraint', n.nspname, t.typname, k.conname::text, d.description
                FROM pg_catalog.pg_description d
                JOIN pg_catalog.pg_constraint k ON d.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
                                               AND d.objoid = k.oid
                JOIN pg_catalog.pg_type t ON t.oid = k.contypid
                JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = ANY(:schemas) AND %2$s
                UNION ALL
                SELECT 'trigger', n.nspname, c.relname, tg.tgname::text, d.description
                FROM pg_catalog.pg_description d
                JOIN pg_catalog.pg_trigger tg ON d.classoid = 'pg_catalog.pg_trigger'::pg_catalog.regclass
                                             AND d.objoid = tg.oid
                JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ANY(:schemas) AND c.relname <> ALL(:ignored) AND %1$s
                UNION ALL
                SELECT 'rule', n.nspname, c.relname, r.rulename::text, d.description
                FROM pg_catalog.pg_description d
                JOIN pg_catalog.pg_rewrite r ON d.classoid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                                            AND d.objoid = r.oid
                JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ANY(:schemas) AND c.relname <> ALL(:ignored) AND %1$s
                UNION ALL
                SELECT 'policy', n.nspname, c.relname, pol.polname::text, d.description
                FROM pg_catalog.pg_description d
                JOIN pg_catalog.pg_policy pol ON d.classoid = 'pg_catalog.pg_policy'::pg_catalog.regclass
                                             AND d.objoid = pol.oid
                JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ANY(:schemas) AND c.relname <> ALL(:ignored)
                UNION ALL
                SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, n.nspname, p.proname,
                       pg_catalog.oidvectortypes(p.proargtypes), d.description
                FROM pg_catalog.pg_description d
                JOIN pg_catalog.pg_proc p ON d.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objoid = p.oid
                JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                WHERE p.prokind IN ('f', 'p') AND n.nspname = ANY(:schemas) AND %3$s
                UNION ALL
                SELECT CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type'
                                      ELSE 'type' END,
                       n.nspname, t.typname, NULL, d.description
                FROM pg_catalog.pg_description d
                JOIN pg_catalog.pg_type t ON d.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.objoid = t.oid
                JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
                WHERE t.typtype IN ('e', 'd', 'c', 'r') AND n.nspname = ANY(:schemas) AND %2$s
                  AND (t.typtype <> 'c' OR EXISTS (SELECT 1 FROM pg_catalog.pg_class tc
                                                  WHERE tc.oid = t.typrelid AND tc.relkind = 'c'))
                UNION ALL
                SELECT 'schema', n.nspname, NULL, NULL, d.description
                FROM pg_catalog.pg_description d
                JOIN pg_catalog.pg_namespace n ON d.classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                                              AND d.objoid = n.oid
                WHERE n.nspname = ANY(:schemas)
                """.formatted(notExtensionMember("pg_class", "c.oid"), notExtensionMember("pg_type", "t.oid"),
                        notExtensionMember("pg_proc", "p.oid")),
                SchemaReader::comment);
    }

    /** Names the commented object exactly as its own record names itself, so diffs can relate the two. */
    private static CommentDef comment(ResultSet rs) throws SQLException {
        String kind = rs.getString("kind");
        String schema = rs.getString("schema");
        String name = rs.getString("name");
        String sub = rs.getString("sub");
        String local = switch (kind) {
            case "schema" -> null;
            case "function", "procedure" -> Names.part(name) + "(" + sub + ")";
            default -> sub == null ? Names.part(name) : Names.path(name, sub);
        };
        String identity = local == null ? Names.part(schema) : Names.qualified(schema, local);
        String display = local == null ? Names.part(schema) : Names.display(schema, local);
        return new CommentDef(kind, identity, display, rs.getString("description"));
    }
}

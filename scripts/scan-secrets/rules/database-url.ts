import type { SecretLintRuleCreator } from "@secretlint/types";
import { isPlaceholder } from "./placeholders";

/**
 * Connection strings that carry a password, for the stores secretlint's
 * preset does not cover (it has postgres, mysql and mongodb URLs with
 * `user:password@`): Redis (often `redis://:password@host`), AMQP, SQL Server,
 * MariaDB, CockroachDB, ClickHouse, Neo4j, Couchbase; passwords given as a
 * query parameter (`?password=`) on any database URL; and ADO.NET/ODBC style
 * `Server=…;Password=…` strings.
 */
const messages = {
  DATABASE_URL_WITH_PASSWORD: { en: (p: { scheme: string }) => `found a ${p.scheme} connection URL with a password` },
  DATABASE_URL_PASSWORD_PARAM: { en: (p: { scheme: string }) => `found a ${p.scheme} connection URL with a password parameter` },
  CONNECTION_STRING_PASSWORD: { en: () => "found a connection string with a password (Server=…;Password=…)" },
};

const USERINFO_SCHEMES = "rediss?|amqps?|mariadb|mssql|sqlserver|cockroachdb|clickhouse|neo4j(?:\\+s)?|couchbases?|cassandra|oracle|libsql";
const USERINFO_URL = new RegExp(`\\b(${USERINFO_SCHEMES}):\\/\\/([^:/\\s@'"\`]{0,100}):([^@/\\s'"\`]{1,200})@[^\\s'"\`]{1,200}`, "gi");
const PARAM_URL = /\b((?:jdbc:)?(?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|rediss?|mssql|sqlserver|mariadb|cockroachdb|clickhouse|oracle)):\/\/[^\s'"`]{1,300}?[?&;](?:password|pwd|pass)=([^&;\s'"`]{1,200})/gi;
const ADO = /\b(?:Server|Data Source|Host)\s*=[^;'"`\n]{1,200};(?:[^;'"`\n]{0,200};){0,10}?\s*(?:Password|Pwd)\s*=\s*([^;'"`\n]{1,200})/gi;

export const databaseUrlRule: SecretLintRuleCreator = {
  messages,
  meta: { id: "launch-ready/database-url", recommended: true, type: "scanner", supportedContentTypes: ["text"] },
  create(context) {
    const t = context.createTranslator(messages);
    return {
      file(source) {
        const text = source.content;
        for (const m of text.matchAll(USERINFO_URL)) {
          if (isPlaceholder(decodeSafe(m[3]))) continue;
          context.report({ message: t("DATABASE_URL_WITH_PASSWORD", { scheme: m[1].toLowerCase() }), range: [m.index!, m.index! + m[0].length] });
        }
        for (const m of text.matchAll(PARAM_URL)) {
          if (isPlaceholder(decodeSafe(m[2]))) continue;
          context.report({ message: t("DATABASE_URL_PASSWORD_PARAM", { scheme: m[1].toLowerCase() }), range: [m.index!, m.index! + m[0].length] });
        }
        for (const m of text.matchAll(ADO)) {
          if (isPlaceholder(m[1].trim())) continue;
          context.report({ message: t("CONNECTION_STRING_PASSWORD"), range: [m.index!, m.index! + m[0].length] });
        }
      },
    };
  },
};

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

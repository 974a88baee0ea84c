/**
 * Internal: adopting a project that another tool managed. One {@link dev.manor.adopt.Importer} per tool (Prisma
 * Migrate, Flyway, Liquibase) reads its folder and its history table; {@link dev.manor.adopt.HistoryImport} turns
 * them into Manor migrations and history rows, and {@link dev.manor.adopt.Baseline} records migrations as applied
 * after proving the live schema matches them. Use {@link dev.manor.Manor#importHistory} and
 * {@link dev.manor.Manor#baseline}; nothing here is a stable API.
 */
package dev.manor.adopt;

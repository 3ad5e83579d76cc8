-- PostgreSQL only. Every notification row is updated twice on its way (claimed, result): room on each page
-- for the claim's new version keeps that update HOT, and autovacuum visits the table after 2 % of it changed
-- instead of the default 20 %, so dead versions stay few during a flash sale.
ALTER TABLE notifications SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02,
    autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.05);
ALTER TABLE order_events SET (autovacuum_vacuum_insert_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.05);
ALTER TABLE orders SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);

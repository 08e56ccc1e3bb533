-- Issue 21: closures of a whole tenant (business or branch) that apply to every resource it has:
-- whole local days, a span of instants or a recurring block. The primary key serves the list by
-- tenant (ClosureStore.list, read by every slot query), in id order. The body is JSON.
CREATE TABLE cita_closure (
  tenant_id VARCHAR(200) NOT NULL,
  closure_id VARCHAR(200) NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (tenant_id, closure_id)
);

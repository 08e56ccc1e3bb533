-- Issue 19: a tenant's staff told about appointments (owner, administrators, agents). The primary
-- key serves the list by tenant (StaffStore.list), in id order. The body is JSON: name, resources,
-- channel addresses, kinds, locale.
CREATE TABLE cita_staff_member (
  tenant_id VARCHAR(200) NOT NULL,
  staff_id VARCHAR(200) NOT NULL,
  role VARCHAR(20) NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (tenant_id, staff_id)
);

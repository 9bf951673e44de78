-- the shop schema
CREATE TABLE products (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  price_cents integer NOT NULL CHECK (price_cents >= 0)
);
CREATE INDEX products_name ON products (name);

INSERT INTO products (name, price_cents) VALUES ('mug', 1200), ('t-shirt', 2500);

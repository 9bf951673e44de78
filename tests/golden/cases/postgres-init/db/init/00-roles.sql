CREATE ROLE reporting LOGIN PASSWORD 'reporting-dev-password';

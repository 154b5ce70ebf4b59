-- One database and role per service, as docker-compose.yml expects.
CREATE ROLE kratos LOGIN PASSWORD 'secret';
CREATE DATABASE kratos OWNER kratos;
CREATE ROLE keto LOGIN PASSWORD 'secret';
CREATE DATABASE keto OWNER keto;
CREATE ROLE app LOGIN PASSWORD 'secret';
CREATE DATABASE app OWNER app;

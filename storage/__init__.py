"""Tables, repositories, migrations and the database engine set-up."""

// c2p-mysqlping (rehearsal tier): connects with a go-sql-driver/mysql DSN as a Go app would
// (tests/rehearsal/test_mysql_consumers.py); go.sum pins every dependency.
module c2p.local/mysqlping

go 1.22

require github.com/go-sql-driver/mysql v1.9.3

require filippo.io/edwards25519 v1.1.0 // indirect

path "secret/*" { capabilities = ["read"] }

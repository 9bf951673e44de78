"""The mappings of --target aws, one folder each (generator/targets/aws/mapping.py says what a folder holds)."""

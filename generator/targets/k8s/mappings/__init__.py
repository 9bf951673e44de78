"""The k8s mappings, one folder each (contract: targets/k8s/mapping.py); listed in targets/k8s/__init__.py MAPPINGS."""

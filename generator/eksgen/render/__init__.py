"""From models to text: annotations, manifests, add-on values, IAM documents, helm values.

Every template output is read back and compared with the object the model says it must be
(verify.py) before anything leaves this package.
"""

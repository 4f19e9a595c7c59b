# kubectl explain on a custom resource whose CRD publishes no schema (the demo's Argo CD Application).
kubectl explain applications
kubectl explain app.spec

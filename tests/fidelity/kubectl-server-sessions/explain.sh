#! world kube
# kubectl explain, reading the OpenAPI v3 schemas the lab's API server publishes (Kubernetes 1.32's).
kubectl explain pods
kubectl explain pod.spec
kubectl explain pods.spec.containers
kubectl explain pod.spec.containers.image
kubectl explain deployment
kubectl explain deployments.spec.strategy
kubectl explain deploy.spec.template.metadata.labels
kubectl explain svc.spec.ports
kubectl explain nodes.status.conditions
kubectl explain configmap
kubectl explain secret.data
kubectl explain lease.spec
kubectl explain namespace --recursive
kubectl explain pods.metadata.creationTimestamp
kubectl explain pods.spec.nope
kubectl explain frobs
kubectl explain crd.spec.names
kubectl explain pods --api-version=v2
kubectl explain
kubectl explain pods.spec.containers.ports --recursive
kubectl explain deployments --api-version=apps/v1
kubectl explain deployments.apps
kubectl explain applications
kubectl explain events
kubectl explain endpointslices.endpoints

# describe, on the demo cluster: every kind the lab describes specially, and the generic form.
kubectl describe node worker-1
kubectl describe nodes control-plane
kubectl describe ns argocd
kubectl describe svc argocd-server -n argocd
kubectl describe deployment argocd-server -n argocd
kubectl describe rs -n monitoring
kubectl describe pod -n monitoring -l app.kubernetes.io/name=grafana
kubectl describe configmap argocd-cm -n argocd
kubectl describe secret argocd-secret -n argocd
kubectl describe sa default
kubectl describe clusterrole admin
kubectl describe lease -n kube-node-lease worker-1
kubectl describe crd applications.argoproj.io
kubectl describe application guestbook -n argocd
kubectl describe pod nope
kubectl describe frobs
kubectl describe svc kubernetes
kubectl describe svc -n monitoring
kubectl describe endpointslices -n monitoring

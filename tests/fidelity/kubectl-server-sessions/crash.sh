#! world kube
# Containers that exit: a bare busybox crash-loops with the kubelet's back-off, a one-shot pod
# completes, repeated events are counted; kubectl shows restarts, states and logs.
kubectl run bb --image=busybox
kubectl run hi --image=busybox --restart=Never -- sh -c "echo hello from busybox"
kubectl run nap --image=busybox -- sleep 20
#! lab sleep 8
kubectl get pods
kubectl logs hi
#! lab sleep 40
kubectl get pods
kubectl get pods -o wide
kubectl describe pod bb
kubectl describe pod hi
kubectl describe pod nap
kubectl get events --sort-by=.lastTimestamp
kubectl logs bb
kubectl get pod bb -o jsonpath='{.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].state.waiting.reason}'

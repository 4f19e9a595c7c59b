# How kubectl's YAML printer (sigs.k8s.io/yaml over go-yaml v2) quotes and folds strings, and how its JSON
# printer escapes them: configmap values, label and annotation values, container args and env values.
kubectl create configmap q --from-literal=a=true --from-literal=b=123 --from-literal=c= --from-literal='d=a: b' --from-literal='e=#x' --from-literal='f=x y' --from-literal='g=multi\nline' --dry-run=client -o yaml
kubectl create configmap q --from-literal=a=true --from-literal=b=123 --from-literal=c= --from-literal='d=a: b' --from-literal='e=#x' --from-literal='f=x y' --from-literal=$'g=multi\nline' --dry-run=client -o yaml
kubectl create configmap q --from-literal=a=yes --from-literal=b=no --from-literal=c=on --from-literal=d=off --from-literal=e=null --from-literal=f='~' --from-literal=y=n --from-literal=n=y --from-literal=Yes=Yes --from-literal=l=TRUE --from-literal=m=True --from-literal=o=False --dry-run=client -o yaml
kubectl create configmap q --from-literal=a=1.5 --from-literal=b=1e3 --from-literal=c=0x1F --from-literal=d=0o17 --from-literal=e=012 --from-literal=f=+1 --from-literal=g=.5 --from-literal=h=-7 --from-literal=i=.inf --from-literal=j=NaN --from-literal=k=.nan --from-literal=l=2024-01-01 --from-literal=m=12:30 --from-literal=n=1_000 --dry-run=client -o yaml
kubectl create configmap q --from-literal=a=- --from-literal='b=- a' --from-literal=c=a:b --from-literal=d=:a --from-literal='e=a #b' --from-literal=f=a#b --from-literal="g='" --from-literal='h="' --from-literal=i=@x --from-literal='j=`x' --from-literal='k=*x' --from-literal='l=&x' --from-literal='m=!x' --from-literal='n=%x' --dry-run=client -o yaml
kubectl create configmap q --from-literal='a=|' --from-literal='b=>' --from-literal='c=[a]' --from-literal='d={a}' --from-literal='e=,' --from-literal='f=?' --from-literal='g=a,b' --from-literal='h=<&>' --from-literal='i=x: ' --from-literal='j=---' --from-literal='k=...' --from-literal='l=a\b' --dry-run=client -o yaml
kubectl create configmap q --from-literal=$'a=\tx' --from-literal='b= x' --from-literal='c=x ' --from-literal='d=é' --from-literal='e=日本' --from-literal=$'f=line\n' --from-literal=$'g=a\n b' --from-literal=$'h=x \ny' --from-literal=$'i=\n' --from-literal=$'j=a\n\n' --from-literal=$'k=\na' --from-literal=$'l=a\r\nb' --dry-run=client -o yaml
kubectl create configmap q --from-literal="a=$(printf 'word %.0s' {1..25})" --from-literal="b=$(printf 'x%.0s' {1..100})" --from-literal="c=$(printf 'ab %.0s' {1..40})end" --from-literal="d=$(printf 'k: v %.0s' {1..20})" --dry-run=client -o yaml
kubectl create configmap q --from-literal=a=true --from-literal=b=123 --from-literal=c= --from-literal='h=<&>' --from-literal=$'t=\tx' --from-literal='e=日本' --from-literal=$'g=multi\nline' --from-literal='q="' --from-literal='s=a\b' --dry-run=client -o json
kubectl create secret generic s --from-literal=a=true --from-literal=b= --from-literal=$'c=multi\nline' --dry-run=client -o yaml
kubectl create deployment web --image=busybox --dry-run=client -o yaml -- sleep 3600
kubectl create deployment web --image=busybox --dry-run=client -o yaml -- sh -c 'echo "a: b" && sleep 1e3'
kubectl create namespace demo --dry-run=client -o yaml > ns.yaml
kubectl label -f ns.yaml --local a=true b=123 c= d=null e=yes app.kubernetes.io/name=web -o yaml
kubectl label -f ns.yaml --local 'd=x y' -o yaml
kubectl label -f ns.yaml --local 'd=#x' -o yaml
kubectl label -f ns.yaml --local d=-x -o yaml
kubectl label -f ns.yaml --local a=true b=123 -o json
kubectl annotate -f ns.yaml --local a=true b=123 c= 'd=a: b' 'e=#x' 'f=x y' g=null "h=$(printf 'word %.0s' {1..25})" -o yaml
kubectl annotate -f ns.yaml --local $'m=multi\nline' -o yaml
kubectl create deployment web --image=nginx --dry-run=client -o yaml > dep.yaml
kubectl set env -f dep.yaml --local A=true B=123 C= 'D=a: b' E=012 -o yaml
kubectl set image -f dep.yaml --local nginx=nginx:1.27 -o yaml

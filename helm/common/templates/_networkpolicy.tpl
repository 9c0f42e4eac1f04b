{{/*
Who may call this service and whom it may call. Backends admit only the pods listed in
networkPolicy.ingress.fromPods (the gateway by default); the gateway admits anyone.
Egress is open unless networkPolicy.egress.restrict, then only DNS plus egress.rules.
*/}}
{{- define "movierec-common.networkpolicy" -}}
{{- if .Values.networkPolicy.enabled -}}
{{- $np := .Values.networkPolicy -}}
{{- if and (not $np.ingress.fromAnywhere) (not $np.ingress.fromPods) -}}
{{- fail "networkPolicy.ingress.fromPods is empty: set it, or fromAnywhere: true" -}}
{{- end -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "movierec-common.fullname" . }}
  labels:
    {{- include "movierec-common.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "movierec-common.selectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
    {{- if $np.egress.restrict }}
    - Egress
    {{- end }}
  ingress:
    - ports:
        - port: http
          protocol: TCP
      {{- if not $np.ingress.fromAnywhere }}
      from:
        {{- range $np.ingress.fromPods }}
        - podSelector:
            matchLabels:
              {{- tpl (toYaml .) $ | nindent 14 }}
        {{- end }}
      {{- end }}
    {{- with $np.ingress.extra }}
    {{- tpl (toYaml .) $ | nindent 4 }}
    {{- end }}
  {{- if $np.egress.restrict }}
  egress:
    {{- if $np.egress.dns }}
    - ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
    {{- end }}
    {{- with $np.egress.rules }}
    {{- tpl (toYaml .) $ | nindent 4 }}
    {{- end }}
  {{- end }}
{{- end -}}
{{- end -}}

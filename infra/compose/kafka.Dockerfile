# apache/kafka plus the Prometheus JMX exporter agent, so `up{job="kafka"}` works as in the local stack.
FROM apache/kafka:4.1.1
ADD --chown=appuser:appuser https://repo1.maven.org/maven2/io/prometheus/jmx/jmx_prometheus_javaagent/1.0.1/jmx_prometheus_javaagent-1.0.1.jar /opt/jmx/jmx_prometheus_javaagent.jar

# The sample voice assistant with the Earshot agent, the OpenAI simulator and the voice callers:
# one image, three services in docker-compose.yml (the command picks the program). Built from the
# jars Maven produced (mvn -B -DskipTests package), not from source: the image needs no JDK or
# Maven. Build context: the repository root (.dockerignore lets only the two jars in).
FROM eclipse-temurin:17.0.15_6-jre

WORKDIR /opt/earshot
COPY agent/target/earshot-agent.jar sample-app/target/earshot-sample-app.jar ./

# no root inside the container
RUN useradd --system --uid 10001 --no-create-home earshot
USER 10001

EXPOSE 8080 8090
# the assistant under the agent; OTEL_* variables (docker-compose.yml) choose the exporter
CMD ["java", "-javaagent:/opt/earshot/earshot-agent.jar", "-jar", "/opt/earshot/earshot-sample-app.jar", "--port", "8080"]

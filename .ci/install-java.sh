#!/usr/bin/env bash
# Install what tests/test_reasoner.py needs from Debian: a Java with its compiler (the OWL 2 DL
# profile check runs tools/owl/ProfileCheck.java from source, which needs the JDK's compiler
# module) and the OWL API 5 (libowlapi-java, with its dependencies as Debian jars under
# /usr/share/java). The reasoner, HermiT, comes from PyPI inside owlready2 (the test extra) and
# runs on this Java.
set -euo pipefail

if command -v javac >/dev/null && [ -f /usr/share/java/owlapi-distribution.jar ]; then
    echo "java and the OWL API already installed: $(command -v javac), /usr/share/java/owlapi-distribution.jar"
    exit 0
fi

# shellcheck source=.ci/apt.sh
source "$(dirname "$0")/apt.sh"

apt_install default-jdk-headless libowlapi-java

echo "installed: $(java -version 2>&1 | head -1); OWL API $(dpkg-query -W -f='${Version}' libowlapi-java)"

import java.io.File;
import java.util.List;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

/**
 * Checks one RDF file against the OWL 2 DL profile with the OWL API's own checker, so that the
 * tests ask the reference implementation rather than a re-implementation of the profile's rules.
 *
 * <p>Usage: {@code java -cp OWLAPI_CLASSPATH ProfileCheck.java FILE}. An ontology and data meant
 * to be read together must be in the one file: the parser types each triple by the declarations
 * of the same document. Prints one line per violation and a closing count; exits 0 when the file
 * is OWL 2 DL, 1 when it is not.
 */
public final class ProfileCheck {
    private ProfileCheck() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ProfileCheck FILE");
            System.exit(2);
        }
        OWLOntology ontology =
                OWLManager.createOWLOntologyManager().loadOntologyFromOntologyDocument(new File(args[0]));
        List<OWLProfileViolation> violations = new OWL2DLProfile().checkOntology(ontology).getViolations();
        for (OWLProfileViolation violation : violations) {
            System.out.println(violation.toString().replace('\n', ' '));
        }
        System.out.println("violations: " + violations.size() + ", axioms: " + ontology.getAxiomCount());
        System.exit(violations.isEmpty() ? 0 : 1);
    }
}

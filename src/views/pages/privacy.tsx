import type { Lang } from "../../quiz/format.ts";
import type { RetentionConfig } from "../../quiz/retention.ts";
import { Layout } from "../layout.tsx";

type Props = { lang: Lang; nonce: string; retention: RetentionConfig };

const TEXT = {
  fr: {
    title: "Confidentialité",
    lead: "Ce site n'a ni compte ni publicité et ne fait appel à aucun autre site. Voici tout ce qu'il garde, pourquoi, combien de temps, et comment l'effacer.",
    storedTitle: "Ce qui est enregistré, et pourquoi",
    stored: [
      "Un cookie aléatoire (128 bits) vous reconnaît sans compte ; le serveur n'en garde que l'empreinte SHA-256.",
      "Vos tentatives et vos réponses (réponse donnée, points, heure) : pour reprendre un quiz, calculer le score et montrer vos progrès.",
      "Le calendrier de révision de vos erreurs (répétition espacée) : pour vous reproposer les questions au bon moment.",
      "Le nom que vous donnez à un devoir : l'enseignant le voit avec vos résultats. Le pseudo choisi pour un classement : les autres le voient.",
      "Un nom affiché, seulement si vous en saisissez un sur la page Progrès.",
      "Les votes aux sondages sont comptés par réponse, sans votre identité.",
      "Pour l'enseignant : les réglages du devoir et l'empreinte de son code secret de gestion (jamais le code lui-même).",
      "Deux cookies de confort : la langue choisie et un repère de lecture de la base de données.",
    ],
    keptTitle: "Combien de temps",
    kept: (r: RetentionConfig) => [
      `Un apprenant inactif depuis ${r.learnerInactiveMonths} mois est effacé avec toutes ses données (tentatives, réponses, révisions, noms, classements).`,
      `Un devoir fermé depuis ${r.assignmentClosedMonths} mois est effacé avec toutes ses tentatives et réponses.`,
      `Une tentative d'entraînement sans aucune réponse est effacée après ${r.emptyPracticeHours} heures.`,
      "Une partie en direct terminée est effacée quand la salle se ferme ; ses résultats suivent la règle des devoirs.",
      "Le nettoyage passe automatiquement toutes les dix minutes.",
    ],
    deleteTitle: "Comment effacer",
    delete: [
      "Apprenant : page Progrès, « Effacer toutes mes données » — immédiat et définitif.",
      "Enseignant : la page de gestion du devoir permet de le supprimer avec toutes ses tentatives.",
      "Effacer les cookies du navigateur vous rend anonyme pour le site ; les données déjà enregistrées suivent alors les durées ci-dessus.",
    ],
    platformTitle: "Ce que l'hébergeur garde",
    platform:
      "Le site tourne sur Cloudflare Workers et D1. D1 garde un historique de la base permettant de la restaurer (Time Travel, 30 jours au plus) : une donnée effacée y reste donc jusqu'à 30 jours. Les journaux de requêtes de Workers (adresse, chemin, statut, sans contenu) sont gardés quelques jours.",
  },
  en: {
    title: "Privacy",
    lead: "This site has no accounts and no ads, and calls no other site. Here is everything it keeps, why, for how long, and how to delete it.",
    storedTitle: "What is stored, and why",
    stored: [
      "A random cookie (128 bits) recognises you without an account; the server keeps only its SHA-256 fingerprint.",
      "Your attempts and answers (the answer given, points, time): to resume a quiz, compute the score and show your progress.",
      "The review schedule of your mistakes (spaced repetition): to bring questions back at the right time.",
      "The name you give an assignment: the teacher sees it with your results. The nickname chosen for a leaderboard: others see it.",
      "A display name, only if you enter one on the Progress page.",
      "Poll votes are counted per answer, without your identity.",
      "For teachers: the assignment's settings and the fingerprint of its manage secret (never the secret itself).",
      "Two convenience cookies: the chosen language and a database read marker.",
    ],
    keptTitle: "For how long",
    kept: (r: RetentionConfig) => [
      `A learner inactive for ${r.learnerInactiveMonths} months is deleted with all their data (attempts, answers, reviews, names, leaderboards).`,
      `An assignment closed for ${r.assignmentClosedMonths} months is deleted with all its attempts and answers.`,
      `A practice attempt with no answer at all is deleted after ${r.emptyPracticeHours} hours.`,
      "A finished live game is deleted when its room closes; its results follow the assignments' rule.",
      "The clean-up runs automatically every ten minutes.",
    ],
    deleteTitle: "How to delete",
    delete: [
      "Learners: Progress page, “Delete all my data” — immediate and final.",
      "Teachers: the assignment's manage page deletes it with all its attempts.",
      "Clearing the browser's cookies makes you anonymous to the site; data already stored then follows the periods above.",
    ],
    platformTitle: "What the host keeps",
    platform:
      "The site runs on Cloudflare Workers and D1. D1 keeps a history of the database for restoring it (Time Travel, at most 30 days), so deleted data stays there for up to 30 days. Workers request logs (address, path, status, no content) are kept for a few days.",
  },
} as const;

/** What is stored, why, for how long and how to delete it (the periods come from the Worker's vars). */
export function PrivacyPage(props: Props) {
  const t = TEXT[props.lang];
  return (
    <Layout title={t.title} lang={props.lang} nonce={props.nonce} path="/privacy">
      <h1>{t.title}</h1>
      <p>{t.lead}</p>
      <h2>{t.storedTitle}</h2>
      <ul>
        {t.stored.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
      <h2>{t.keptTitle}</h2>
      <ul>
        {t.kept(props.retention).map((line) => (
          <li>{line}</li>
        ))}
      </ul>
      <h2>{t.deleteTitle}</h2>
      <ul>
        {t.delete.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
      <p>
        <a class="btn sec" href="/progress">
          {props.lang === "fr" ? "Effacer mes données" : "Delete my data"}
        </a>
      </p>
      <h2>{t.platformTitle}</h2>
      <p>{t.platform}</p>
    </Layout>
  );
}

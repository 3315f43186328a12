/** The app's own addresses, built in one place for the API's JSON and the pages' links. */

/** The page a learner opens to join an assignment. */
export const learnerPath = (code: string) => `/a/${code}`;
/** The private manage link: the secret is traded for a cookie on first use. */
/** The private manage link: the secret rides in the fragment, which browsers never send to a server nor to a referrer. */
export const manageUrlFor = (code: string, secret: string) => `/teach/${code}/manage#key=${secret}`;
/** A sentence of the article, as an anchor of the article page. */
export const articleSentencePath = (sentenceId: string) => `/article#${sentenceId}`;
/** An assignment's leaderboard page. */
export const assignmentBoardPath = (code: string) => `/a/${code}/leaderboard`;
/** A live room's phone page (also the QR code's target). */
export const livePath = (code: string) => `/live/${code}`;
/** A live room's projector view. */
export const hostPath = (code: string) => `/live/${code}/host`;
/** A quiz's practice leaderboard page. */
export const practiceBoardPath = (quizId: string) => `/leaderboard/${quizId}`;

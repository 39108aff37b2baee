/**
 * Raised inside the image-end interpreter when the Makefile uses something it does not model
 * (an unknown command, a sed feature, a make function). It never reaches the user as an
 * exception: the evaluation turns it into the result's `unsupported` text, because running it
 * "roughly like" the shell would be a guess.
 */
export class UnsupportedIdiom extends Error {
  constructor(readonly idiom: string) {
    super(`unsupported idiom: ${idiom}`);
    this.name = 'UnsupportedIdiom';
  }
}

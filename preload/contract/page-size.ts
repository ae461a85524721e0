/**
 * Photos a gallery asks for at a time (a few screens): each request stays short for the main
 * process, which also runs the archiver. Its own module so the renderer imports a number, not zod.
 */
export const GALLERY_PAGE_SIZE = 200;

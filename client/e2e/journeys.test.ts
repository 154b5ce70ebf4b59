import { mkdir } from "node:fs/promises";
import path from "node:path";
import { latestCode } from "@app/ory-emulator";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessibilityViolations, focusRingContrast } from "./support/accessibility";
import { launchChromium, reasonToSkipBrowserTests } from "./support/browser";
import { type ClientServer, serveBuiltClient } from "./support/client-server";
import { startTestStack, type TestStack } from "./support/test-stack";

const screenshots = path.resolve(import.meta.dirname, "../../test-output");
const alice = { email: "alice@example.com", password: "wonderland-tea-party" };
const bob = { email: "bob@example.com", password: "builder-can-fix-it" };
const skipReason = reasonToSkipBrowserTests();

describe.skipIf(skipReason !== undefined)(
  skipReason ? `browser journeys (skipped: ${skipReason})` : "browser journeys",
  () => {
    let stack: TestStack;
    let client: ClientServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      await mkdir(screenshots, { recursive: true });
      stack = await startTestStack();
      client = await serveBuiltClient(stack);
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await client?.close();
      await stack?.close();
    });

    // Each journey starts as a stranger: a fresh context has no cookies.
    async function newVisitor() {
      await context?.close();
      context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
      page = await context.newPage();
      // Fail a step with Playwright's own explanation well before the test's time is up.
      page.setDefaultTimeout(15_000);
    }

    const open = (route: string) => page.goto(`${client.url}${route}`);
    const heading = (name: string) => page.getByRole("heading", { name, exact: true });

    /**
     * Each screen a journey reaches, in the light and the dark colour scheme: saved to
     * test-output/ (NAME.png, NAME-dark.png) and checked with axe-core, which fails the journey
     * on serious or critical violations (support/accessibility.ts).
     */
    async function shoot(name: string) {
      const violations: string[] = [];
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        const file = colorScheme === "dark" ? `${name}-dark.png` : `${name}.png`;
        await page.screenshot({ path: path.join(screenshots, file), fullPage: true });
        for (const violation of await accessibilityViolations(page)) {
          violations.push(`${colorScheme}: ${violation}`);
        }
      }
      await page.emulateMedia({ colorScheme: "light" });
      expect(violations, `accessibility of ${name}`).toEqual([]);
    }

    async function signIn(email: string, password: string) {
      await page.getByLabel("E-Mail").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: /sign in/i }).click();
    }

    async function signOut() {
      await page.getByRole("button", { name: "Sign out" }).click();
      await heading("Sign in").waitFor();
    }

    it("a new person registers and verifies the address, then recovers a forgotten password", async () => {
      await newVisitor();
      const person = {
        email: `dinah-${Date.now()}@example.com`,
        name: "Dinah Cat",
        password: "correct-horse-battery-staple-42",
      };

      await open("/registration");
      await heading("Create an account").waitFor();
      await page.getByLabel("E-Mail").fill(person.email);
      await page.getByLabel("Name").fill(person.name);
      await page.getByLabel("Password").fill(person.password);
      await shoot("registration");
      const signedUpAt = new Date();
      await page.getByRole("button", { name: /sign up/i }).click();

      // Kratos mails a code on sign-up and hands over to the verification page.
      await heading("Verify your email address").waitFor();
      const verificationCode = await latestCode(stack.mailApiUrl, person.email, {
        since: signedUpAt,
      });
      await page.getByLabel("Verification code").fill(verificationCode);
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByText("You successfully verified your email address.").waitFor();
      await shoot("verified");
      await page.getByRole("link", { name: "Continue" }).click();
      await heading("You do not have access to the welcome page").waitFor();
      await page.getByRole("link", { name: `Account settings for ${person.name}` }).waitFor();

      await signOut();
      expect(new URL(page.url()).pathname).toBe("/login");
      await signIn(person.email, "not-the-password");
      await page.getByText("The provided credentials are invalid", { exact: false }).waitFor();
      // Focus lands on what went wrong, so a screen reader reads it and Tab goes on from there.
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ""))
        .toContain("The provided credentials are invalid");
      await shoot("login-wrong-password");

      // Forgotten: a code by mail signs the person in and opens the settings for a new password.
      await page.getByRole("link", { name: "Forgot password?" }).click();
      await heading("Recover your account").waitFor();
      await page.getByLabel("Email").fill(person.email);
      const askedAt = new Date();
      await page.getByRole("button", { name: "Continue" }).click();
      await page
        .getByText("An email containing a recovery code has been sent", { exact: false })
        .waitFor();
      const recoveryCode = await latestCode(stack.mailApiUrl, person.email, { since: askedAt });
      await page.getByLabel("Recovery code").fill(recoveryCode);
      await shoot("recovery-code");
      await page.getByRole("button", { name: "Continue" }).click();

      await heading("Account settings").waitFor();
      const newPassword = "a-new-password-for-dinah-7";
      const passwordForm = page.getByRole("form", { name: "Password" });
      await passwordForm.getByLabel("Password").fill(newPassword);
      await passwordForm.getByRole("button").click();
      await page.getByRole("status").getByText("Your changes have been saved!").waitFor();

      await signOut();
      await signIn(person.email, person.password);
      await page.getByText("The provided credentials are invalid", { exact: false }).waitFor();
      await signIn(person.email, newPassword);
      await heading("You do not have access to the welcome page").waitFor();
      await shoot("no-access");
    });

    it("a visitor is asked to sign in, and alice then sees the welcome page", async () => {
      await newVisitor();
      await open("/");
      await heading("Sign in to see the welcome page").waitFor();
      await shoot("signed-out");

      await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
      await heading("Sign in").waitFor();
      await shoot("login");
      // A keyboard user sees where they are, in either colour scheme (WCAG 1.4.11: 3:1).
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        await page.getByLabel("E-Mail").focus();
        await page.keyboard.press("Tab");
        expect(
          await page.getByLabel("Password").evaluate((field) => field === document.activeElement),
        ).toBe(true);
        expect(await focusRingContrast(page), colorScheme).toBeGreaterThanOrEqual(3);
      }
      await page.emulateMedia({ colorScheme: "light" });
      await signIn(alice.email, alice.password);

      await heading("You are signed in, and you are allowed in.").waitFor();
      await page.getByRole("heading", { name: "Ory Keto" }).waitFor();
      await page.getByRole("link", { name: "Account settings for Alice Example" }).waitFor();
      await shoot("welcome");
      await page.setViewportSize({ width: 390, height: 844 });
      await shoot("welcome-phone");
    });

    it("a deep link to settings signs alice in first, then her name change shows everywhere", async () => {
      await newVisitor();
      await open("/settings");
      await heading("Sign in").waitFor();
      expect(new URL(page.url()).searchParams.get("return_to")).toBe("/settings");

      await signIn(alice.email, alice.password);
      await heading("Account settings").waitFor();
      expect(new URL(page.url()).pathname).toBe("/settings");

      const profile = page.getByRole("form", { name: "Profile" });
      await profile.getByLabel("Name").fill("Alice Liddell");
      await profile.getByRole("button").click();

      await page.getByRole("status").getByText("Your changes have been saved!").waitFor();
      await page.getByRole("link", { name: "Account settings for Alice Liddell" }).waitFor();
      await shoot("settings-saved");

      // A reload is a deep link too: the server answers /settings with the app.
      await page.reload();
      await expect(
        page.getByRole("form", { name: "Profile" }).getByLabel("Name").inputValue(),
      ).resolves.toBe("Alice Liddell");
    });

    it("GraphiQL asks a visitor to sign in, then runs its opening query and a typed one as alice", async () => {
      await newVisitor();
      // Everything GraphiQL loads, and everything the browser's CSP refuses.
      const origins = new Set<string>();
      const refused: string[] = [];
      page.on("request", (request) => origins.add(new URL(request.url()).origin));
      page.on("console", (message) => {
        if (message.text().includes("Content Security Policy")) refused.push(message.text());
      });

      await open("/graphql");
      await page.getByRole("status").getByText("You are not signed in", { exact: false }).waitFor();
      await shoot("graphiql-signed-out");
      await page.getByRole("link", { name: "Sign in" }).click();
      await heading("Sign in").waitFor();
      await signIn(alice.email, alice.password);

      // The app routes to /graphql first and then loads the server's GraphiQL page: what the
      // app asked for on its way out is not GraphiQL's.
      await page.waitForURL(`${client.url}/graphql`);
      await page.getByRole("button", { name: "Headers" }).waitFor();
      origins.clear();
      // A header typed into the editor is sent, but must not be written to localStorage.
      await page.getByRole("button", { name: "Headers" }).click();
      await page.locator(".graphiql-editor-tool .CodeMirror").filter({ visible: true }).click();
      await page.keyboard.type('{"X-Request-Note": "kept-in-memory-only"');
      await page.getByRole("button", { name: "Execute query (Ctrl-Enter)" }).click();
      const result = page.getByRole("region", { name: "Result Window" });
      await result.getByText('"alice@example.com"').waitFor();
      await result.getByText('"manage"').first().waitFor();
      // A query of one's own, typed into the editor (GraphiQL closes the braces itself).
      const editor = page.locator(".graphiql-query-editor .CodeMirror").filter({ visible: true });
      await editor.click();
      await page.keyboard.press("Control+A");
      await page.keyboard.press("Delete");
      await page.keyboard.type("{ viewer { email");
      await page.getByRole("button", { name: "Execute query (Ctrl-Enter)" }).click();
      await result.getByText('"alice@example.com"').waitFor();
      await expect.poll(() => result.textContent()).not.toContain("manage");
      await page.getByRole("button", { name: "Show Documentation Explorer" }).click();
      await page.getByText("A GraphQL schema provides a root type", { exact: false }).waitFor();
      await shoot("graphiql");

      expect([...origins]).toEqual([client.url]);
      expect(refused).toEqual([]);
      const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
      expect(stored).toContain("graphiql:queries"); // the history
      expect(stored).not.toContain("kept-in-memory-only");
    });

    it("alice, an administrator, grants a new person the welcome page, and revoking hides it again", async () => {
      await newVisitor();
      const person = {
        email: `edith-${Date.now()}@example.com`,
        name: "Edith Liddell",
        password: "sisters-by-the-river-9",
      };
      await open("/registration");
      await page.getByLabel("E-Mail").fill(person.email);
      await page.getByLabel("Name").fill(person.name);
      await page.getByLabel("Password").fill(person.password);
      await page.getByRole("button", { name: /sign up/i }).click();
      await heading("Verify your email address").waitFor();
      await open("/");
      await heading("You do not have access to the welcome page").waitFor();
      await page
        .getByText("Ask an administrator of this site for access", { exact: false })
        .waitFor();
      // Edith skipped verification: the reminder, loaded on demand, says so.
      await page.getByText("is not verified yet", { exact: false }).waitFor();
      const personPage = page;

      // Alice administers access in a browser of her own.
      const alicesContext = await browser.newContext({ viewport: { width: 1100, height: 800 } });
      try {
        page = await alicesContext.newPage();
        page.setDefaultTimeout(15_000);
        await open("/login");
        await signIn(alice.email, alice.password);
        await heading("You are signed in, and you are allowed in.").waitFor();
        await page
          .getByRole("navigation", { name: "Main" })
          .getByRole("link", { name: "Access" })
          .click();
        const welcomePage = page.getByRole("region", { name: "Welcome page" });
        const grant = welcomePage.getByRole("form", { name: "Grant Welcome page" });
        await grant.getByLabel("E-mail of their account").fill(person.email);
        await grant.getByLabel("Role").selectOption("ACCESS");
        await grant.getByRole("button", { name: "Grant" }).click();
        const holder = `${person.name} (${person.email})`;
        await welcomePage.getByText(holder).waitFor();
        await shoot("access");

        await personPage.reload();
        await personPage
          .getByRole("heading", { name: "You are signed in, and you are allowed in.", exact: true })
          .waitFor();

        await welcomePage.getByRole("button", { name: `Revoke access from ${holder}` }).click();
        await expect.poll(() => welcomePage.getByText(holder).count()).toBe(0);
        await personPage.reload();
        await personPage
          .getByRole("heading", { name: "You do not have access to the welcome page", exact: true })
          .waitFor();
      } finally {
        await alicesContext.close();
      }
    });

    // Fifteen screens, each shot and checked by axe in light and dark: about 30 s on two cores.
    it("alice starts a project, writes and shares it, and starts a group; bob can read but not edit", async () => {
      await newVisitor();
      await open("/projects");
      await heading("Sign in").waitFor();
      await signIn(alice.email, alice.password);
      await heading("Projects").waitFor();
      await page.getByRole("list").or(page.getByText("No projects yet")).first().waitFor();
      await shoot("projects");

      await page.getByText("New project").click();
      const newProject = page.getByRole("form", { name: "New project" });
      await newProject.getByLabel("Name").fill("Tea party plans");
      await newProject.getByLabel("Description").fill("Who sits where, and why.");
      await newProject.getByRole("button", { name: "Create project" }).click();
      await heading("Tea party plans").waitFor();

      await page.getByLabel("New document title").fill("Seating");
      await page.getByRole("button", { name: "Create document" }).click();
      await heading("Seating").waitFor();
      await page.getByLabel("Text").fill("The Hatter sits at the head of the table.");
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByRole("status").getByText("Saved", { exact: false }).waitFor();
      await shoot("document-editor");

      await page.getByRole("link", { name: "Tea party plans" }).click();
      await page.getByRole("link", { name: "Seating" }).waitFor();
      await page.getByRole("button", { name: "Share" }).click();
      const dialog = page.getByRole("dialog", { name: /Share/ });
      await dialog.getByLabel("E-mail").fill(bob.email);
      await dialog.getByLabel("Role").selectOption("VIEWER");
      await shoot("share-dialog");
      await dialog.getByRole("button", { name: "Share" }).click();
      await page.getByText("Bob Example (bob@example.com)", { exact: false }).waitFor();
      await shoot("project");

      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "Groups" })
        .click();
      await page.getByLabel("New group name").fill("Hatters");
      await page.getByRole("button", { name: "Create group" }).click();
      await heading("Hatters").waitFor();
      await page.getByLabel("E-mail of the person to add").fill(bob.email);
      await page.getByRole("button", { name: "Add member" }).click();
      await page.getByText("Bob Example (bob@example.com)", { exact: false }).waitFor();
      await shoot("group");

      // A second group nests in Hatters; Hatters then cannot go into it in turn.
      const mainNavigation = page.getByRole("navigation", { name: "Main" });
      await mainNavigation.getByRole("link", { name: "Groups" }).click();
      await page.getByLabel("New group name").fill("Dormice");
      await page.getByRole("button", { name: "Create group" }).click();
      await heading("Dormice").waitFor();
      await mainNavigation.getByRole("link", { name: "Groups" }).click();
      await page.getByRole("link", { name: "Hatters" }).click();
      await heading("Hatters").waitFor();
      const addMember = page.getByRole("form", { name: "Add a member" });
      await addMember.getByLabel("A group's members").check();
      await addMember.getByLabel("Group to add").selectOption({ label: "Dormice" });
      await addMember.getByRole("button", { name: "Add member" }).click();
      await page.getByText("Members of Dormice").waitFor();
      await shoot("group-nested");

      await mainNavigation.getByRole("link", { name: "Groups" }).click();
      await page.getByRole("link", { name: "Dormice" }).click();
      await heading("Dormice").waitFor();
      await addMember.getByLabel("A group's members").check();
      await addMember.getByLabel("Group to add").selectOption({ label: "Hatters" });
      await addMember.getByRole("button", { name: "Add member" }).click();
      await addMember.getByText("That group already contains this one.").waitFor();
      expect(await page.getByText("Members of Hatters").count()).toBe(0);
      await shoot("group-cycle-refused");

      await newVisitor();
      await open("/projects");
      await signIn(bob.email, bob.password);
      await page.getByRole("link", { name: "Tea party plans" }).click();
      await page.getByRole("link", { name: "Seating" }).click();
      await page.getByText("The Hatter sits at the head of the table.").waitFor();
      expect(await page.getByRole("button", { name: "Save" }).count()).toBe(0);
      await shoot("document-read-only");
    }, 90_000);

    it("alice changes bob's role only once asked, then removes him while his page is open; his next step shows it gone", async () => {
      await newVisitor();
      await open("/projects");
      await signIn(alice.email, alice.password);
      await page.getByText("New project").click();
      const newProject = page.getByRole("form", { name: "New project" });
      await newProject.getByLabel("Name").fill("Croquet rules");
      await newProject.getByRole("button", { name: "Create project" }).click();
      await heading("Croquet rules").waitFor();

      // A complaint under the title leaves the button in line with the input.
      const newDocument = page.getByRole("form", { name: "New document" });
      await newDocument.getByRole("button", { name: "Create document" }).click();
      await newDocument.getByText("Must not be empty.").waitFor();
      const titleBox = await newDocument.getByLabel("New document title").boundingBox();
      const buttonBox = await newDocument
        .getByRole("button", { name: "Create document" })
        .boundingBox();
      expect(Math.abs((buttonBox?.y ?? 0) - (titleBox?.y ?? -100))).toBeLessThan(2);

      const dialog = page.getByRole("dialog", { name: /Share/ });
      async function shareWithBob(role: string) {
        await page.getByRole("button", { name: "Share" }).click();
        await dialog.getByLabel("E-mail").fill(bob.email);
        await dialog.getByLabel("Role").selectOption(role);
        await dialog.getByRole("button", { name: "Share" }).click();
      }
      const bobsRole = page.getByRole("combobox", {
        name: "Role of Bob Example (bob@example.com)",
      });
      await shareWithBob("EDITOR");
      await expect.poll(() => bobsRole.inputValue()).toBe("EDITOR");

      await shareWithBob("VIEWER");
      const question = dialog.getByRole("group", {
        name: "Change Bob Example from Editor to Viewer?",
      });
      await question.getByRole("button", { name: "Change role" }).click();
      await expect.poll(() => bobsRole.inputValue()).toBe("VIEWER");
      // The next share starts empty.
      await page.getByRole("button", { name: "Share" }).click();
      expect(await dialog.getByLabel("E-mail").inputValue()).toBe("");
      await dialog.getByRole("button", { name: "Cancel" }).click();

      // Back to editor, in place.
      await bobsRole.selectOption("EDITOR");
      await expect.poll(() => bobsRole.inputValue()).toBe("EDITOR");
      const alicesPage = page;

      const bobsContext = await browser.newContext({ viewport: { width: 1100, height: 800 } });
      try {
        page = await bobsContext.newPage();
        page.setDefaultTimeout(15_000);
        await open("/projects");
        await signIn(bob.email, bob.password);
        await page.getByRole("link", { name: "Croquet rules" }).click();
        await page.getByRole("form", { name: "New document" }).waitFor();
        // Marks this page load: a reload would lose it.
        await page.evaluate(() => Object.assign(window, { sameLoad: true }));

        await alicesPage
          .getByRole("button", { name: "Remove Bob Example (bob@example.com)" })
          .click();
        await expect.poll(() => bobsRole.count()).toBe(0);

        await page.getByRole("main").getByRole("link", { name: "Projects" }).click();
        await heading("Projects").waitFor();
        await expect.poll(() => page.getByRole("link", { name: "Croquet rules" }).count()).toBe(0);
        await page.goBack();
        await heading("Cannot find this project").waitFor();
        expect(await page.getByRole("form", { name: "New document" }).count()).toBe(0);
        expect(await page.evaluate(() => "sameLoad" in window)).toBe(true);
      } finally {
        await bobsContext.close();
      }
    });
  },
);

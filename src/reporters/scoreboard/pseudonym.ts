/**
 * The name a student goes by on a scoreboard unless they chose a nickname: "Brave Otter 417",
 * derived from their login with HMAC-SHA256 under a server key, so the same student always gets the
 * same name, and nobody without the key can tell which login a name belongs to (or try logins from a
 * class list until one matches). The key is derived from GRADEBOT_SCOREBOARD_SECRET, or from
 * WEBHOOK_SECRET when that is not set; changing the secret renames everyone.
 */
import { createHmac } from 'node:crypto';

export interface Pseudonym {
  /** "Brave Otter 417". */
  name: string;
  /** Four hex digits from the same HMAC, to tell apart two students whose names collide. */
  tag: string;
}

/** Domain separation: the key is never the secret itself, which may also sign webhooks. */
const KEY_LABEL = 'gradebot scoreboard pseudonyms v1';

/** The pseudonym key (hex) from a server secret. */
export function pseudonymKey(secret: string): string {
  return createHmac('sha256', secret).update(KEY_LABEL).digest('hex');
}

/** The stable pseudonym of `student` in the organisation `org`, under `key` (see pseudonymKey). */
export function pseudonym(key: string, org: string, student: string): Pseudonym {
  // The separator cannot occur in an organisation name, so ("a-b", "c") and ("a", "b-c") differ.
  const digest = createHmac('sha256', Buffer.from(key, 'hex')).update(`${org}\n${student}`).digest();
  const adjective = ADJECTIVES[digest.readUInt16BE(0) % ADJECTIVES.length]!;
  const animal = ANIMALS[digest.readUInt16BE(2) % ANIMALS.length]!;
  const number = 100 + (digest.readUInt32BE(4) % 900);
  return { name: `${adjective} ${animal} ${number}`, tag: digest.subarray(8, 10).toString('hex') };
}

// 64 × 64 × 900 ≈ 3.7 million names; collisions within one class are rare and get the tag.
const ADJECTIVES = words(`
  Agile Amber Azure Bold Brave Bright Brisk Calm
  Clever Cosmic Crimson Curious Daring Dashing Eager Electric
  Fearless Fierce Gentle Gleaming Golden Graceful Happy Hardy
  Honest Jolly Keen Kind Lively Lucky Lunar Mellow
  Mighty Misty Nimble Noble Patient Plucky Polar Quick
  Quiet Radiant Rapid Serene Sharp Silver Sly Snowy
  Solar Speedy Spry Steady Stellar Sunny Swift Tidy
  Trusty Valiant Vivid Wandering Wise Witty Zesty Zippy
`);

const ANIMALS = words(`
  Albatross Alpaca Badger Beaver Bison Capybara Caribou Cheetah
  Crane Dolphin Dormouse Eagle Falcon Ferret Finch Fox
  Gazelle Gecko Heron Hedgehog Ibis Jackal Jaguar Kestrel
  Kingfisher Koala Lemur Lynx Magpie Manatee Marmot Meerkat
  Mongoose Moose Narwhal Newt Ocelot Octopus Orca Osprey
  Otter Owl Panda Pangolin Pelican Penguin Puffin Quokka
  Raccoon Raven Salamander Seal Sparrow Squirrel Stork Tapir
  Tiger Toucan Turtle Walrus Weasel Wombat Yak Zebra
`);

function words(text: string): string[] {
  return text.trim().split(/\s+/);
}

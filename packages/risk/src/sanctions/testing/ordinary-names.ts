/**
 * Ordinary person and company names that are not on any list, across many naming cultures, for the
 * matcher's false-positive rate. Persons pair given names and surnames within one culture; companies
 * combine common trading-name stems with sector words and legal forms. Written by hand for this
 * test; any resemblance to a listed party is exactly what the measurement is meant to expose.
 */
const PERSON_NAMES: Readonly<Record<string, { given: string[]; family: string[] }>> = {
  german: { given: ['Lukas', 'Anna', 'Jonas', 'Katrin', 'Matthias', 'Sabine'], family: ['Müller', 'Schneider', 'Fischer', 'Weber', 'Becker', 'Hoffmann'] },
  french: { given: ['Camille', 'Julien', 'Élodie', 'Mathieu', 'Céline', 'Antoine'], family: ['Dubois', 'Lefèvre', 'Moreau', 'Girard', 'Bonnet', 'Fontaine'] },
  spanish: { given: ['Javier', 'Lucía', 'Alejandro', 'Carmen', 'Sergio', 'Pilar'], family: ['García López', 'Fernández', 'Martínez Ruiz', 'Sánchez', 'Romero', 'Navarro'] },
  italian: { given: ['Giulia', 'Marco', 'Francesca', 'Luca', 'Chiara', 'Alessandro'], family: ['Rossi', 'Bianchi', 'Colombo', 'Ricci', 'Marino', 'Greco'] },
  polish: { given: ['Agnieszka', 'Piotr', 'Katarzyna', 'Tomasz', 'Magdalena', 'Krzysztof'], family: ['Kowalski', 'Nowak', 'Wiśniewski', 'Wójcik', 'Kamińska', 'Lewandowski'] },
  dutch: { given: ['Sanne', 'Daan', 'Femke', 'Bram', 'Lotte', 'Joost'], family: ['de Vries', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer'] },
  english: { given: ['Oliver', 'Charlotte', 'Harry', 'Emily', 'George', 'Sophie'], family: ['Thompson', 'Whitaker', 'Pemberton', 'Ashworth', 'Fairbanks', 'Holloway'] },
  american: { given: ['Tyler', 'Madison', 'Brandon', 'Ashley', 'Kyle', 'Brittany'], family: ['Johnson', 'Miller', 'Anderson', 'Jackson', 'Robinson', 'Carter'] },
  brazilian: { given: ['João Pedro', 'Mariana', 'Thiago', 'Fernanda', 'Rafael', 'Beatriz'], family: ['Oliveira', 'Souza', 'Pereira', 'Carvalho', 'Almeida', 'Ribeiro'] },
  chinese: { given: ['Wei', 'Fang', 'Jing', 'Lei', 'Xiaoling', 'Haoran'], family: ['Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhou'] },
  japanese: { given: ['Haruto', 'Yui', 'Sota', 'Aoi', 'Ren', 'Sakura'], family: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Yamamoto'] },
  korean: { given: ['Minjun', 'Seoyeon', 'Jiho', 'Haeun', 'Dohyun', 'Jiwoo'], family: ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang'] },
  indian: { given: ['Aarav', 'Priya', 'Rohan', 'Ananya', 'Vikram', 'Kavya'], family: ['Sharma', 'Iyer', 'Reddy', 'Nair', 'Patel', 'Menon'] },
  turkish: { given: ['Emre', 'Zeynep', 'Burak', 'Elif', 'Mert', 'Ayşe'], family: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Aydın'] },
  russian: { given: ['Dmitry', 'Olga', 'Sergey', 'Natalia', 'Andrei', 'Yelena'], family: ['Smirnov', 'Kuznetsova', 'Popov', 'Sokolova', 'Lebedev', 'Novikova'] },
  ukrainian: { given: ['Oleksandr', 'Iryna', 'Bohdan', 'Oksana', 'Taras', 'Kateryna'], family: ['Shevchenko', 'Bondarenko', 'Kovalenko', 'Tkachenko', 'Kravchenko', 'Oliynyk'] },
  arabic: { given: ['Omar', 'Layla', 'Karim', 'Noura', 'Tariq', 'Rania'], family: ['Haddad', 'Khoury', 'Nasser', 'Saleh', 'Mansour', 'Farouk'] },
  nigerian: { given: ['Chinedu', 'Ngozi', 'Oluwaseun', 'Funmilayo', 'Emeka', 'Adaeze'], family: ['Okafor', 'Adeyemi', 'Eze', 'Balogun', 'Nwosu', 'Olaniyan'] },
  kenyan: { given: ['Wanjiru', 'Otieno', 'Akinyi', 'Kamau', 'Njeri', 'Mwangi'], family: ['Kariuki', 'Odhiambo', 'Wafula', 'Chebet', 'Mutua', 'Kiprop'] },
  vietnamese: { given: ['Minh', 'Thu', 'Huy', 'Lan', 'Quang', 'Ngoc'], family: ['Nguyen', 'Tran', 'Le', 'Pham', 'Hoang', 'Vu'] },
  swedish: { given: ['Erik', 'Astrid', 'Johan', 'Ingrid', 'Nils', 'Maja'], family: ['Andersson', 'Lindqvist', 'Johansson', 'Bergström', 'Nilsson', 'Holmberg'] },
  greek: { given: ['Nikos', 'Eleni', 'Giorgos', 'Dimitra', 'Kostas', 'Sofia'], family: ['Papadopoulos', 'Georgiou', 'Nikolaidis', 'Konstantinou', 'Vlachos', 'Dimitriou'] },
  mexican: { given: ['Diego', 'Valeria', 'Emiliano', 'Ximena', 'Santiago', 'Renata'], family: ['Hernández', 'Ramírez', 'Torres', 'Flores', 'Gutiérrez', 'Morales'] },
};

const COMPANY_STEMS = [
  'Northwind', 'Blue Harbour', 'Alpine Fresh', 'Baltic Timber', 'Sunrise Textiles', 'Golden Grain', 'Meridian',
  'Pacific Rim', 'Riverside', 'Evergreen Garden', 'Silverline', 'Kestrel', 'Atlas Ceramics', 'Nordic Fjord',
  'Harbourview', 'Copperleaf', 'Bright Star', 'Lakeside Dairy', 'Redwood', 'Seabreeze', 'Tulip Valley', 'Andes Coffee',
  'Sahara Dates', 'Mekong Rice', 'Danube Glass', 'Rhine Valley', 'Coral Reef', 'Highland Wool', 'Maple Leaf', 'Zenith',
];
const COMPANY_SECTORS = ['Logistics', 'Foods', 'Trading', 'Furniture', 'Electronics', 'Apparel', 'Imports', 'Packaging', 'Tools', 'Paper'];
const LEGAL_FORMS = ['Ltd', 'GmbH', 'S.A.', 'B.V.', 'Inc.', 'LLC', 'S.r.l.', 'Co., Ltd.', 'AB', 'Pty Ltd', 'A/S', 'sp. z o.o.'];

export function buildOrdinaryNames(): Array<{ name: string; type: 'person' | 'organisation' }> {
  const out: Array<{ name: string; type: 'person' | 'organisation' }> = [];
  for (const { given, family } of Object.values(PERSON_NAMES)) {
    for (let i = 0; i < given.length; i++) {
      out.push({ name: `${given[i]} ${family[(i * 5 + 1) % family.length]}`, type: 'person' });
      out.push({ name: `${family[(i + 2) % family.length]} ${given[(i + 3) % given.length]}`, type: 'person' });
    }
  }
  COMPANY_STEMS.forEach((stem, i) => {
    for (let k = 0; k < 5; k++) {
      out.push({ name: `${stem} ${COMPANY_SECTORS[(i + k * 3) % COMPANY_SECTORS.length]} ${LEGAL_FORMS[(i * 7 + k) % LEGAL_FORMS.length]}`, type: 'organisation' });
    }
  });
  return out;
}
